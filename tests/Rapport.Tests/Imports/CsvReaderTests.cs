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

/// <summary>
/// A file is anyone's: hostile ones (issue 11) stop the reader after at most its bounds were read, with a 400 naming
/// the file, and memory stays flat. The content is generated as it is read, so the test holds no 50 MB either.
/// </summary>
public class CsvReaderBoundsTests
{
    // The bounds as documented (CsvReader.MaxColumns, MaxRecordChars), written out so the test also ran before they existed.
    private const int MaxColumns = 500;
    private const int MaxRecordChars = 1024 * 1024;

    /// <summary>Bytes made on demand: <paramref name="prefix"/>, then <paramref name="unit"/> repeated up to <paramref name="length"/> bytes; counts what was read.</summary>
    public sealed class HostileStream(long length, byte[] unit, byte[]? prefix = null, int seed = 0) : Stream
    {
        private readonly byte[] _prefix = prefix ?? [];
        private readonly Random? _random = unit.Length == 0 ? new Random(seed) : null;
        public long BytesRead { get; private set; }

        /// <summary>100,000 columns on the header line (1.1 MB), as the probe sent.</summary>
        public static HostileStream ManyColumns() =>
            new(1_100_000, "col,"u8.ToArray(), "First name,E-mail,"u8.ToArray());
        /// <summary>One 50 MB line without a line break.</summary>
        public static HostileStream HugeLine(bool afterHeader = false) =>
            new(50L * 1024 * 1024, "x"u8.ToArray(), afterHeader ? "First name,E-mail\n"u8.ToArray() : null);
        /// <summary>10 MB of random bytes.</summary>
        public static HostileStream Binary() => new(10L * 1024 * 1024, [], seed: 11);

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - BytesRead);
            for (var i = 0; i < n; i++)
            {
                var at = BytesRead + i;
                buffer[offset + i] = at < _prefix.Length ? _prefix[at] : _random is not null ? (byte)_random.Next(256) : unit[(at - _prefix.Length) % unit.Length];
            }
            BytesRead += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public static TheoryData<string> Files => ["columns", "line", "line after the header", "binary"];

    public static HostileStream Make(string kind) => kind switch
    {
        "columns" => HostileStream.ManyColumns(),
        "line" => HostileStream.HugeLine(),
        "line after the header" => HostileStream.HugeLine(afterHeader: true),
        _ => HostileStream.Binary(),
    };

    [Theory, MemberData(nameof(Files))]
    public void A_hostile_file_stops_the_reader_at_its_bound_with_flat_memory(string kind)
    {
        using var stream = Make(kind);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Should.Throw<ValidationFailedException>(() =>
        {
            using var csv = new CsvReader(stream);
            while (csv.Read() is not null) { }
        });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var message = e.Errors["file"].Single();
        message.ShouldContain(kind switch { "columns" => "more than 500 columns", "binary" => "binary data", "line" => "header row is longer", _ => "Row 2 is longer than 1 MB" });
        // At most the bound (1 MB of characters) plus the reader's and the decoder's buffers were read, and
        // allocated: what a record holds (UTF-16, a StringBuilder's chunks) and those buffers, not the file.
        stream.BytesRead.ShouldBeLessThanOrEqualTo(MaxRecordChars + 3 * 64 * 1024, $"{kind}: read {stream.BytesRead:N0} bytes");
        allocated.ShouldBeLessThan(16L * 1024 * 1024, $"{kind}: allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Up_to_the_bounds_a_file_reads_as_before()
    {
        var header = string.Join(',', Enumerable.Range(0, MaxColumns).Select(i => $"c{i}"));
        var row = string.Join(',', Enumerable.Range(0, MaxColumns).Select(_ => "v"));
        var longCell = "\"" + new string('y', MaxRecordChars - 3) + "\""; // with its quotes and line break: the bound exactly
        using var csv = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes($"{header}\n{row}\n{longCell}\n")));
        csv.Read()!.Count.ShouldBe(MaxColumns);
        csv.Read()!.Count.ShouldBe(MaxColumns);
        csv.Read()!.Single().Length.ShouldBe(MaxRecordChars - 3);
        csv.Read().ShouldBeNull();
        // One more column is refused, on the row that has it.
        using var wide = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes($"a,b\n{row},v\n")));
        wide.Read();
        Should.Throw<ValidationFailedException>(() => wide.Read()).Errors["file"].Single().ShouldStartWith("Row 2 has more than 500 columns");
    }
}
