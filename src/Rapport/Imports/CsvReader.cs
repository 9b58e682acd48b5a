using System.Text;

namespace Rapport.Imports;

/// <summary>
/// A streaming RFC 4180 reader: UTF-8 with or without a BOM, the delimiter detected from the first
/// line (',' ';' or tab, whichever occurs most outside quotes), quoted fields with doubled quotes and
/// line breaks inside, CRLF or LF line ends. It holds one record at a time, never the file.
/// <see cref="Row"/> is the record's number counting the header as row 1 (a record spanning several
/// lines is still one row, so the number matches a spreadsheet's row).
/// CsvHelper 34 (listed) is a new API whose reader we did not need: this is the whole of it.
/// <para>
/// Bounded, because the file is anyone's: a record of more than <see cref="MaxColumns"/> fields, a header
/// longer than <see cref="MaxHeaderChars"/>, any record longer than <see cref="MaxRecordChars"/>, or a NUL
/// character (binary data, or UTF-16 without its BOM) stops the read with a 400 naming <c>file</c> and the
/// row, after at most the bound (plus one buffer) was read. Without it a 1 MB header of 100,000 columns
/// took a minute and 3 GB to preview, and a 50 MB line without a line break was held whole.
/// </para>
/// </summary>
public sealed class CsvReader : IDisposable
{
    /// <summary>Columns per record: a wide CRM export has ~100; 500 leaves room and keeps the mapping page a page.</summary>
    public const int MaxColumns = 500;
    /// <summary>The header's length: 500 column names of ~130 characters; real headers are a few KB.</summary>
    public const int MaxHeaderChars = 64 * 1024;
    /// <summary>
    /// Any record's length (in characters, quotes and line breaks inside quotes counted): 50 times the longest
    /// text Rapport stores (a 20,000-character note), so no real row reaches it, while a preview of a few rows
    /// stays a few MB. An unclosed quote, which makes the rest of the file one cell, stops here too.
    /// </summary>
    public const int MaxRecordChars = 1024 * 1024;

    private readonly TextReader _in;
    private readonly char[] _buf = new char[64 * 1024];
    private int _pos, _len;
    private readonly StringBuilder _field = new();
    private readonly List<string> _record = [];
    private bool _eof;

    public char Delimiter { get; }
    /// <summary>The number of the record last read; the header is row 1.</summary>
    public int Row { get; private set; }
    /// <summary>Characters consumed so far (progress of a file read from the start).</summary>
    public long CharsRead { get; private set; }

    public CsvReader(Stream stream, char? delimiter = null)
        : this(new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024), delimiter) { }

    public CsvReader(TextReader reader, char? delimiter = null)
    {
        _in = reader;
        Fill();
        Delimiter = delimiter ?? Detect();
    }

    private bool Fill()
    {
        if (_eof) return false;
        _len = _in.Read(_buf, 0, _buf.Length);
        _pos = 0;
        if (_len == 0) { _eof = true; return false; }
        return true;
    }

    /// <summary>Counts , ; and tab outside quotes on the first line (in the first buffer).</summary>
    private char Detect()
    {
        int comma = 0, semi = 0, tab = 0;
        var quoted = false;
        for (var i = 0; i < _len; i++)
        {
            var c = _buf[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c is '\n' or '\r') break;
            else if (c == ',') comma++;
            else if (c == ';') semi++;
            else if (c == '\t') tab++;
        }
        if (tab > comma && tab >= semi) return '\t';
        if (semi > comma) return ';';
        return ',';
    }

    /// <summary>The next record's fields (reused list: copy what you keep), or null at the end.</summary>
    public IReadOnlyList<string>? Read()
    {
        _record.Clear();
        _field.Clear();
        if (_pos >= _len && !Fill()) return null;
        var start = CharsRead;
        var maxChars = Row == 0 ? MaxHeaderChars : MaxRecordChars;
        var quoted = false;       // inside a quoted field
        var wasQuoted = false;    // the current field started with a quote
        var fieldStart = true;
        while (true)
        {
            if (_pos >= _len && !Fill())
            {
                // End of input ends the record (an unterminated quote keeps what it read).
                _record.Add(_field.ToString());
                Row++;
                return _record;
            }
            var c = _buf[_pos++];
            CharsRead++;
            if (CharsRead - start > maxChars)
                throw Refused(Row == 0
                    ? $"The header row is longer than {MaxHeaderChars / 1024} KB; is this a CSV file with the column names on its first line?"
                    : $"Row {Row + 1} is longer than {MaxRecordChars / 1024 / 1024} MB; a quote that is never closed makes the rest of the file one cell.");
            if (c == '\0') throw Refused($"Row {Row + 1} holds binary data (a NUL character); save the file as CSV text (UTF-8).");
            if (quoted)
            {
                if (c == '"')
                {
                    if (_pos >= _len) Fill();
                    if (_pos < _len && _buf[_pos] == '"') { _field.Append('"'); _pos++; CharsRead++; }
                    else quoted = false;
                }
                else _field.Append(c);
                continue;
            }
            if (c == '"' && fieldStart) { quoted = true; wasQuoted = true; fieldStart = false; continue; }
            if (c == Delimiter)
            {
                if (_record.Count + 1 >= MaxColumns)
                    throw Refused($"Row {Row + 1} has more than {MaxColumns} columns; an import takes at most {MaxColumns}.");
                _record.Add(_field.ToString());
                _field.Clear();
                fieldStart = true; wasQuoted = false;
                continue;
            }
            if (c is '\r' or '\n')
            {
                if (c == '\r')
                {
                    if (_pos >= _len) Fill();
                    if (_pos < _len && _buf[_pos] == '\n') { _pos++; CharsRead++; }
                }
                _record.Add(_field.ToString());
                Row++;
                return _record;
            }
            // Text after a closing quote (a"b"c) is kept as written, like spreadsheets do.
            _ = wasQuoted;
            fieldStart = false;
            _field.Append(c);
        }
    }

    private static Common.ValidationFailedException Refused(string message) => new("file", message);

    /// <summary>True when a record has only empty fields (a blank line, or a row of delimiters).</summary>
    public static bool IsBlank(IReadOnlyList<string> record)
    {
        foreach (var f in record) if (f.Length > 0) return false;
        return true;
    }

    public void Dispose() => _in.Dispose();
}
