using System.Text;

namespace Rapport.Common;

/// <summary>
/// Writes CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line
/// break; the delimiter may be ';' or tab instead). Cells starting with = + - @ (or tab/CR) get a leading apostrophe so spreadsheets show
/// them as text instead of running them as formulas (CSV injection). CsvHelper 34 is a new API
/// whose writer we did not need; this is the whole of what export needs.
/// </summary>
public sealed class CsvOut(TextWriter output, char delimiter = ',') : ISheetOut
{
    private bool lineStarted;

    public void Field(string? value)
    {
        if (lineStarted) output.Write(delimiter);
        lineStarted = true;
        if (string.IsNullOrEmpty(value)) return;
        value = SheetCells.Defuse(value);
        // Quoted also when it holds any delimiter an importer might detect (, ; tab), not only this one.
        if (value.AsSpan().IndexOfAny(",;\t\"\r\n") >= 0)
            output.Write('"' + value.Replace("\"", "\"\"") + '"');
        else output.Write(value);
    }

    public async Task EndRowAsync()
    {
        await output.WriteAsync("\r\n");
        lineStarted = false;
    }

    public Task FlushAsync() => output.FlushAsync();

    public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
}
