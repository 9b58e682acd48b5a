namespace Rapport.Sales;

/// <summary>The calculations of the forecast and the metrics, as pure functions (unit-tested on their own).</summary>
public static partial class SalesMath
{
    /// <summary>Days between two instants, to a tenth of a day.</summary>
    public static double Days(DateTime from, DateTime to) => Math.Round((to - from).TotalDays, 1);
}
