using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rapport.Common;

/// <summary>
/// Writes one-sheet XLSX with DocumentFormat.OpenXml's streaming <see cref="OpenXmlWriter"/> (SAX-style:
/// rows go straight to the package, no DOM of the sheet in memory). Cells are inline strings (no shared
/// strings table to hold), formula-like text is defused as in CSV, and characters XML cannot carry are
/// dropped. The package needs a seekable stream (a temp file for downloads). More rows than a sheet
/// holds is refused before writing (<see cref="SheetCells.XlsxMaxDataRows"/>); this throws as a last guard.
/// </summary>
public sealed class XlsxOut : ISheetOut, IDisposable
{
    private static readonly Row RowElement = new();
    private static readonly Cell CellElement = new();
    private static readonly InlineString InlineElement = new();
    private static readonly Text TextElement = new();
    private static readonly OpenXmlAttribute InlineStr = new("t", "", "inlineStr");
    private static readonly OpenXmlAttribute[] PreserveSpace = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];

    private readonly SpreadsheetDocument document;
    private readonly WorksheetPart sheet;
    private readonly OpenXmlWriter writer;
    private readonly string sheetName;
    private readonly List<string?> cells = [];
    private readonly List<string> columnNames = [];
    private int rowNumber;
    private bool closed;

    public XlsxOut(Stream output, string sheetName)
    {
        this.sheetName = sheetName;
        document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        document.AddWorkbookPart();
        sheet = document.WorkbookPart!.AddNewPart<WorksheetPart>();
        writer = OpenXmlWriter.Create(sheet);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
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

    /// <summary>Ends the sheet and writes the workbook; the stream then holds a complete .xlsx.</summary>
    public void Dispose()
    {
        if (closed) return;
        closed = true;
        writer.WriteEndElement(); // sheetData
        writer.WriteEndElement(); // worksheet
        writer.Close();
        var workbook = document.WorkbookPart!;
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = sheetName }));
        workbook.Workbook.Save();
        document.Dispose();
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
