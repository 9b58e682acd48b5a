using System.Text.RegularExpressions;

namespace Rapport.Sales;

/// <summary>Money rules shared by products, deals, the forecast and the metrics.</summary>
public static partial class Money
{
    /// <summary>The largest amount accepted (exact to the cent as a double on SQLite).</summary>
    public const decimal Max = 1_000_000_000_000m;

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex IsoCode();

    /// <summary>An ISO 4217 code: three letters, upper-cased; null when it is not one.</summary>
    public static string? NormalizeCurrency(string? code)
    {
        var c = code?.Trim().ToUpperInvariant();
        return c is not null && IsoCode().IsMatch(c) ? c : null;
    }

    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>quantity × unit price less the discount (percent), to the cent.</summary>
    public static decimal LineTotal(decimal quantity, decimal unitPrice, decimal discountPercent) =>
        Round(quantity * unitPrice * (100m - discountPercent) / 100m);
}

/// <summary>
/// The workspace's base currency and its exchange rates: <see cref="ToBase"/> converts an amount,
/// or says it cannot (no rate), so a total never silently mixes currencies.
/// </summary>
public sealed class CurrencyConverter(string baseCurrency, IReadOnlyDictionary<string, decimal> rates)
{
    public string BaseCurrency { get; } = baseCurrency;
    public IReadOnlyDictionary<string, decimal> Rates { get; } = rates;

    /// <summary>The amount in the base currency, or null when there is no rate for <paramref name="currency"/>.</summary>
    public decimal? ToBase(decimal amount, string currency) =>
        currency == BaseCurrency ? amount : Rates.TryGetValue(currency, out var rate) ? amount * rate : null;
}
