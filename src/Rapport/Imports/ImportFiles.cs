using Microsoft.Extensions.Configuration;

namespace Rapport.Imports;

/// <summary>
/// Where uploaded files wait for their import: Imports:Directory (default data/imports, beside the
/// SQLite file). A file is written from the request stream straight to disk (never held in memory)
/// and named by a random id, never by the user's file name.
/// </summary>
public sealed class ImportFiles(IConfiguration config)
{
    public const long MaxBytes = 2L * 1024 * 1024 * 1024;

    public string Directory => Path.GetFullPath(config["Imports:Directory"] ?? Path.Combine("data", "imports"));

    /// <summary>Copies the stream to a new file; refuses more than <see cref="MaxBytes"/>.</summary>
    public async Task<(string Token, string Path, long Bytes)> SaveAsync(Stream content, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var token = Guid.CreateVersion7().ToString("N");
        var path = PathOf(token)!;
        long total = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await content.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > MaxBytes) throw new Common.ValidationFailedException("file", "The file is larger than 2 GB.");
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        catch
        {
            ImportRunner.TryDelete(path);
            throw;
        }
        return (token, path, total);
    }

    /// <summary>The path of an uploaded file by its token; null for anything that is not a token.</summary>
    public string? PathOf(string token) =>
        token.Length == 32 && token.All(char.IsAsciiHexDigitLower) ? Path.Combine(Directory, token + ".csv") : null;
}

/// <summary>Wakes the import worker when an import is queued (in this process; others poll).</summary>
public sealed class ImportSignal
{
    private readonly SemaphoreSlim _signal = new(0);
    public void Notify() { if (_signal.CurrentCount == 0) _signal.Release(); }
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
