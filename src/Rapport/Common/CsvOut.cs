using System.Text;

namespace Rapport.Common;

/// <summary>
/// Writes CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line
/// break). Cells starting with = + - @ (or tab/CR) get a leading apostrophe so spreadsheets show
/// them as text instead of running them as formulas (CSV injection). CsvHelper 34 is a new API
/// whose writer we did not need; this is the whole of what export needs.
/// </summary>
public sealed class CsvOut(TextWriter output) : ISheetOut
{
    private bool lineStarted;

    public void Field(string? value)
    {
        if (lineStarted) output.Write(',');
        lineStarted = true;
        if (string.IsNullOrEmpty(value)) return;
        value = SheetCells.Defuse(value);
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
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
