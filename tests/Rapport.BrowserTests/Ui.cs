using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>What a person does again and again: sign in, sign out, open a page.</summary>
public static class Ui
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
    }

    public static async Task SignOutAsync(IPage page)
    {
        await page.Locator("summary[aria-label='User menu']").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
    }

    /// <summary>The confirmation or error banner at the top of the page.</summary>
    public static ILocator Alert(IPage page, string kind = "ok") => page.Locator($".alert-{kind}");

    public static string Screenshot(string name) => Path.Combine(Path.GetTempPath(), $"rapport-{name}.png");
}
