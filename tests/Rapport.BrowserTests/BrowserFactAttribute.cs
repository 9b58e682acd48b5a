namespace Rapport.BrowserTests;

/// <summary>A test that drives a real Chromium: runs only with RAPPORT_TEST_BROWSER=1, otherwise reported as skipped.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Variable = "RAPPORT_TEST_BROWSER";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    public BrowserFactAttribute()
    {
        if (!Enabled)
            Skip = $"Browser test: set {Variable}=1 to run it (it starts the app on 127.0.0.1 and Chromium from /usr/bin/chromium).";
    }
}
