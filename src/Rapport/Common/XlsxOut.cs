using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rapport.Common;

/// <summary>
/// Writes a one-sheet XLSX as a stream: the sheet's XML goes through DocumentFormat.OpenXml's
/// <see cref="OpenXmlWriter"/> (SAX-style) straight into a zip entry, so memory stays flat at a million
/// rows. The package is zipped by <see cref="ZipArchive"/> in create mode, with its four fixed parts
/// (content types, relationships, workbook) written as constants below: the SDK's own package layer
/// (System.IO.Packaging) insists on read access and then buffers the whole sheet in memory (4.5 GB for
/// a million contacts, measured). Cells are inline strings (no shared-strings table to hold),
/// formula-like text is defused as in CSV, and characters XML cannot carry are dropped. More rows
/// than a sheet holds is refused before writing (<see cref="SheetCells.XlsxMaxDataRows"/>); this throws
/// as a last guard. Tests open the result with the SDK and run its validator.
/// </summary>
public sealed class XlsxOut : ISheetOut, IDisposable
{
    private static readonly Row RowElement = new();
    private static readonly Cell CellElement = new();
    private static readonly InlineString InlineElement = new();
    private static readonly Text TextElement = new();
    private static readonly OpenXmlAttribute InlineStr = new("t", "", "inlineStr");
    private static readonly OpenXmlAttribute[] PreserveSpace = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];

    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private const string ContentTypes = Declaration +
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
        "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
        "</Types>";
    private const string PackageRelationships = Declaration +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>" +
        "</Relationships>";
    private const string WorkbookRelationships = Declaration +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
        "</Relationships>";

    private readonly ZipArchive zip;
    private readonly Stream sheetStream;
    private readonly OpenXmlWriter writer;
    private readonly List<string?> cells = [];
    private readonly List<string> columnNames = [];
    private int rowNumber;
    private bool closed;

    public XlsxOut(Stream output, string sheetName)
    {
        zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Entry("[Content_Types].xml", ContentTypes);
        Entry("_rels/.rels", PackageRelationships);
        Entry("xl/workbook.xml", Declaration +
            "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
            $"<sheets><sheet name=\"{SecurityElement.Escape(sheetName)}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        Entry("xl/_rels/workbook.xml.rels", WorkbookRelationships);
        sheetStream = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        writer = OpenXmlWriter.Create(sheetStream);
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
    }

    private void Entry(string name, string xml)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(xml));
    }

    public int Rows => rowNumber;

    public void Field(string? value) => cells.Add(value);

    public Task EndRowAsync()
    {
        if (rowNumber > SheetCells.XlsxMaxDataRows) throw new InvalidOperationException("An XLSX sheet holds at most 1,048,576 rows.");
        rowNumber++;
        var r = rowNumber.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(RowElement, [new OpenXmlAttribute("r", "", r)]);
        for (var i = 0; i < cells.Count; i++)
        {
            if (string.IsNullOrEmpty(cells[i])) continue;
            writer.WriteStartElement(CellElement, [new OpenXmlAttribute("r", "", ColumnName(i) + r), InlineStr]);
            writer.WriteStartElement(InlineElement);
            writer.WriteStartElement(TextElement, PreserveSpace);
            writer.WriteString(XmlSafe(SheetCells.Defuse(cells[i]!)));
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
        cells.Clear();
        return Task.CompletedTask;
    }

    public Task FlushAsync() => Task.CompletedTask;

    /// <summary>Ends the sheet and the zip; the stream then holds a complete .xlsx.</summary>
    public void Dispose()
    {
        if (closed) return;
        closed = true;
        writer.WriteEndElement(); // sheetData
        writer.WriteEndElement(); // worksheet
        writer.Close();
        sheetStream.Dispose();
        zip.Dispose();
    }

    private string ColumnName(int index)
    {
        while (columnNames.Count <= index)
        {
            var n = columnNames.Count + 1;
            var name = "";
            while (n > 0) { var m = (n - 1) % 26; name = (char)('A' + m) + name; n = (n - 1) / 26; }
            columnNames.Add(name);
        }
        return columnNames[index];
    }

    /// <summary>XML 1.0 cannot carry most control characters (a CRM field may hold one pasted from elsewhere); they are dropped.</summary>
    private static string XmlSafe(string value)
    {
        foreach (var ch in value)
            if (ch < 0x20 && ch is not ('\t' or '\n' or '\r') || ch is '\uFFFE' or '\uFFFF') return Strip(value);
        return value;

        static string Strip(string s)
        {
            var b = new StringBuilder(s.Length);
            for (var i = 0; i < s.Length; i++)
            {
                var ch = s[i];
                if (ch < 0x20 && ch is not ('\t' or '\n' or '\r') || ch is '\uFFFE' or '\uFFFF') continue;
                b.Append(ch);
            }
            return b.ToString();
        }
    }
}
