namespace Rapport.Tests.Infrastructure;

/// <summary>The real time, plus an offset a test can move forward (e.g. past the 30-day trash window).</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    public void Advance(TimeSpan by) => Offset += by;
}
