namespace Rapport.Common;

/// <summary>A table being written row by row: CSV (<see cref="CsvOut"/>) or XLSX (<see cref="XlsxOut"/>). Exports write to it.</summary>
public interface ISheetOut
{
    void Field(string? value);
    Task EndRowAsync();
    Task FlushAsync();
}

/// <summary>The export formats and what is shared by their writers.</summary>
public static class SheetCells
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    /// <summary>An XLSX sheet holds 1,048,576 rows; one is the header.</summary>
    public const int XlsxMaxDataRows = 1_048_575;

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>csv (the default) or xlsx; anything else is a 400 on <c>format</c>.</summary>
    public static string ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or Csv => Csv,
        Xlsx => Xlsx,
        _ => throw new ValidationFailedException("format", "Must be csv or xlsx."),
    };

    /// <summary>A cell that a spreadsheet would run as a formula (= + - @, or tab/CR first) gets a leading apostrophe.</summary>
    public static string Defuse(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
