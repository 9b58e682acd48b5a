using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Rapport.Common;
using Rapport.Imports;
using Shouldly;

namespace Rapport.Tests.Imports;

/// <summary>Property tests: any table written as CSV (by the export's writer, with each delimiter) reads back the same.</summary>
public class CsvReaderTests
{
    private static readonly char[] Alphabet = "ab Z9é,;\t\"\r\n'=+-@ü€😀".ToCharArray();

    private static Gen<string> Cell =>
        Gen.Elements(Alphabet).ArrayOf().Select(cs => new string(cs).Replace("\uD83D", "").Replace("\uDE00", ""));

    private static Gen<string[][]> Table =>
        from cols in Gen.Choose(1, 5)
        from rows in Gen.Choose(1, 8)
        from cells in Cell.ArrayOf(cols).ArrayOf(rows)
        select cells;

    private static string Write(string[][] table, char delimiter)
    {
        var sw = new StringWriter();
        var csv = new CsvOut(sw, delimiter);
        foreach (var row in table)
        {
            foreach (var cell in row) csv.Field(cell);
            csv.EndRowAsync().GetAwaiter().GetResult();
        }
        return sw.ToString();
    }

    /// <summary>What the writer stores: formula-like cells get a leading apostrophe (CSV injection guard).</summary>
    private static string Expected(string cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;

    private static List<string[]> Read(string text, char? delimiter, bool bom)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [.. Encoding.UTF8.GetPreamble(), .. bytes];
        using var reader = new CsvReader(new MemoryStream(bytes), delimiter);
        var rows = new List<string[]>();
        while (reader.Read() is { } r) rows.Add(r.ToArray());
        return rows;
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void Any_table_written_as_csv_reads_back_the_same(char delimiter)
    {
        Prop.ForAll(Table.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (table, bom) =>
        {
            var text = Write(table, delimiter);
            var expected = table.Select(r => r.Select(Expected).ToArray()).ToList();
            // Given the delimiter, and detected from the header when there are several columns.
            Read(text, delimiter, bom).ShouldBe(expected);
            if (table[0].Length > 1) Read(text, null, bom).ShouldBe(expected);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Row_numbers_count_the_header_as_row_one_and_a_quoted_line_break_as_one_row()
    {
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes("a;b\n1;\"x\ny\"\n\n2;z")));
        reader.Delimiter.ShouldBe(';');
        reader.Read()!.ShouldBe(["a", "b"]); reader.Row.ShouldBe(1);
        reader.Read()!.ShouldBe(["1", "x\ny"]); reader.Row.ShouldBe(2);
        CsvReader.IsBlank(reader.Read()!).ShouldBeTrue(); reader.Row.ShouldBe(3);
        reader.Read()!.ShouldBe(["2", "z"]); reader.Row.ShouldBe(4);
        reader.Read().ShouldBeNull();
    }
}
