using System.Text;

namespace Rapport.Imports;

/// <summary>
/// A streaming RFC 4180 reader: UTF-8 with or without a BOM, the delimiter detected from the first
/// line (',' ';' or tab, whichever occurs most outside quotes), quoted fields with doubled quotes and
/// line breaks inside, CRLF or LF line ends. It holds one record at a time, never the file.
/// <see cref="Row"/> is the record's number counting the header as row 1 (a record spanning several
/// lines is still one row, so the number matches a spreadsheet's row).
/// CsvHelper 34 (listed) is a new API whose reader we did not need: this is the whole of it.
/// </summary>
public sealed class CsvReader : IDisposable
{
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

    /// <summary>True when a record has only empty fields (a blank line, or a row of delimiters).</summary>
    public static bool IsBlank(IReadOnlyList<string> record)
    {
        foreach (var f in record) if (f.Length > 0) return false;
        return true;
    }

    public void Dispose() => _in.Dispose();
}
