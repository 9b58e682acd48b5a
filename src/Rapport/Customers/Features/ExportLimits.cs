using Microsoft.EntityFrameworkCore;
using Rapport.Common;

namespace Rapport.Customers.Features;

/// <summary>What both exports check before writing an XLSX.</summary>
internal static class ExportLimits
{
    /// <summary>
    /// Counts the list (one indexed COUNT, stopped one past the limit) and refuses with a 400 on
    /// <c>format</c> when it has more rows than a sheet holds: CSV has no limit.
    /// </summary>
    public static async Task EnsureFitsInSheetAsync<T>(IQueryable<T> rows, CancellationToken ct)
    {
        var count = await rows.Take(SheetCells.XlsxMaxDataRows + 1).CountAsync(ct);
        if (count > SheetCells.XlsxMaxDataRows)
            throw new ValidationFailedException("format",
                "The list has more than 1,048,575 rows, more than an XLSX sheet holds; export it as CSV (no limit) or narrow the filters.");
    }
}
