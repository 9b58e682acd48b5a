using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace Rapport.BrowserTests;

/// <summary>One test per settings page; each makes its own workspace, so they do not depend on one another.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class SettingsTests(SharedServer server)
{
    [BrowserFact]
    public async Task Add_a_user_with_an_initial_password_who_then_signs_in()
    {
        var owner = await server.SignUpAsync("Initech");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/settings/users");

        var email = $"sam-{Guid.NewGuid():N}@example.com";
        await page.GetByLabel("E-mail").First.FillAsync(email); // the "Add user" form comes first
        await page.Locator("#add-name").FillAsync("Sam Sales");
        await page.Locator("#add-role").SelectOptionAsync("sales");
        await page.Locator("#add-password").FillAsync("sam's initial password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();

        await Expect(Ui.Alert(page)).ToContainTextAsync("Sam Sales was added");
        var row = page.Locator("table.members tbody tr", new() { HasText = email });
        await Expect(row).ToContainTextAsync("Sam Sales");
        await Expect(row.Locator("select[name=role]")).ToHaveValueAsync("sales");
        await Expect(row).ToContainTextAsync("active");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("users"), FullPage = true });

        // A too-short password is refused next to the field, and what was typed stays.
        await page.Locator("#add-email").FillAsync($"x-{Guid.NewGuid():N}@example.com");
        await page.Locator("#add-name").FillAsync("Xavier");
        await page.Locator("#add-password").FillAsync("short");
        await page.Locator("#add-password").EvaluateAsync("e => e.removeAttribute('minlength')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.Locator("#password-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#add-name")).ToHaveValueAsync("Xavier");
        await Expect(page.Locator("#add-password")).ToHaveAttributeAsync("aria-invalid", "true");

        // The new person signs in in their own browser; settings are not for their role.
        var sam = await server.NewPageAsync();
        await Ui.SignInAsync(sam, email, "sam's initial password");
        await Expect(sam.Locator(".workspace-name")).ToHaveTextAsync("Initech");
        await Expect(sam.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0);
        var forbidden = await sam.GotoAsync("/settings/users");
        forbidden!.Status.ShouldBe(403);
        await Expect(sam.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await sam.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Create_rename_delete_a_team_and_restore_it_from_the_trash()
    {
        var owner = await server.SignUpAsync("Hooli");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/settings/teams");
        await Expect(page.Locator(".empty")).ToContainTextAsync("No teams yet");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Sales EMEA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await Expect(Ui.Alert(page)).ToContainTextAsync("Team “Sales EMEA” created");

        // A duplicate name is refused next to the field.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("sales emea");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await Expect(page.Locator("#name-error")).ToContainTextAsync("exists already");

        await page.GetByLabel("Name of team Sales EMEA").FillAsync("Sales Europe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Expect(Ui.Alert(page)).ToContainTextAsync("Team renamed to “Sales Europe”");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("teams"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync(); // hx-confirm, accepted
        await Expect(Ui.Alert(page)).ToContainTextAsync("moved to the trash");
        await Expect(page.Locator(".empty")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Trash", Exact = true }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/trash$"));
        var row = page.Locator("tbody tr", new() { HasText = "Sales Europe" });
        await Expect(row).ToContainTextAsync("Team");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("trash"), FullPage = true });
        await row.GetByRole(AriaRole.Button, new() { Name = "Restore Sales Europe" }).ClickAsync();
        await Expect(Ui.Alert(page)).ToContainTextAsync("Team “Sales Europe” restored");
        await Expect(page.Locator(".empty")).ToContainTextAsync("Nothing in the trash");

        await page.GotoAsync("/settings/teams");
        await Expect(page.GetByLabel("Name of team Sales Europe")).ToHaveValueAsync("Sales Europe");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Change_workspace_settings_with_validation_and_a_concurrent_change()
    {
        var owner = await server.SignUpAsync("Umbrella");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/settings");
        await Expect(page).ToHaveURLAsync(new Regex("/settings/workspace$"));

        await page.GetByLabel("Workspace name").FillAsync("Umbrella Europe");
        await page.GetByLabel("Default country").FillAsync("FR");
        await page.GetByLabel("Time zone").SelectOptionAsync("Europe/Paris");
        await page.GetByLabel("Locale").FillAsync("fr-FR");
        await page.GetByLabel("Base currency").FillAsync("EUR");
        await page.GetByLabel("Fiscal year starts in").SelectOptionAsync(new SelectOptionValue { Label = "April" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        await Expect(Ui.Alert(page)).ToContainTextAsync("Workspace settings saved");
        await Expect(page.Locator(".workspace-name")).ToHaveTextAsync("Umbrella Europe");
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Europe/Paris");
        await Expect(page.GetByLabel("Fiscal year starts in")).ToHaveValueAsync("4");
        await Expect(page.GetByLabel("Base currency")).ToHaveValueAsync("EUR");

        // A bad value: the message sits next to the field.
        await page.GetByLabel("Base currency").FillAsync("ZZZ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("#baseCurrency-error")).ToContainTextAsync("ISO 4217");
        await Expect(page.GetByLabel("Base currency")).ToHaveAttributeAsync("aria-invalid", "true");

        // Someone else saves meanwhile (through the API): a clear message, and nothing typed is lost.
        await page.GotoAsync("/settings/workspace");
        await page.GetByLabel("Workspace name").FillAsync("My unsaved name");
        using (var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.ApiKey);
            var patch = await http.PatchAsync("/api/v1/workspace", new StringContent("{\"locale\":\"de-DE\"}", Encoding.UTF8, "application/json"));
            patch.EnsureSuccessStatusCode();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(Ui.Alert(page, "error")).ToContainTextAsync("changed by");
        await Expect(page.GetByLabel("Workspace name")).ToHaveValueAsync("My unsaved name");
        await page.Locator(".alert-error").GetByRole(AriaRole.Link, new() { Name = "Reload" }).ClickAsync();
        await Expect(page.GetByLabel("Locale")).ToHaveValueAsync("de-DE");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("workspace"), FullPage = true });

        // The audit log shows both changes, newest first, with who made them.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Settings" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        var first = page.Locator("table.audit tbody tr").First;
        await Expect(first).ToContainTextAsync("API key");
        await Expect(first).ToContainTextAsync("de-DE");
        await Expect(page.Locator("table.audit tbody tr", new() { HasText = "Umbrella Europe" })).ToContainTextAsync("Olivia Owner");
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("audit"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Change_own_password_stay_signed_in_then_sign_in_with_the_new_one()
    {
        var owner = await server.SignUpAsync("Stark");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);

        await page.Locator("summary[aria-label='User menu']").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Change password" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/password$"));

        await page.GetByLabel("Current password").FillAsync("not my password");
        await page.GetByLabel("New password").FillAsync("a brand new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.Locator("#currentPassword-error")).ToContainTextAsync("not right");

        await page.GetByLabel("Current password").FillAsync(owner.Password);
        await page.GetByLabel("New password").FillAsync("a brand new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(Ui.Alert(page)).ToContainTextAsync("Password changed");

        // The cookie was re-issued with the new password stamp: this session goes on.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Stark" })).ToBeVisibleAsync();

        await Ui.SignOutAsync(page);
        await page.GetByLabel("E-mail").FillAsync(owner.Email);
        await page.GetByLabel("Password").FillAsync(owner.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator(".alert-error")).ToContainTextAsync("not right");
        await Ui.SignInAsync(page, owner.Email, "a brand new passphrase");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Invite_link_accepted_by_a_new_person()
    {
        var owner = await server.SignUpAsync("Wayne");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/settings/users");

        var email = $"ivy-{Guid.NewGuid():N}@example.com";
        await page.Locator("#invite-email").FillAsync(email);
        await page.Locator("#invite-role").SelectOptionAsync("manager");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create invite link" }).ClickAsync();
        var linkBox = page.Locator("#new-link");
        await Expect(linkBox).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/users$"));
        var link = await linkBox.InputValueAsync();
        link.ShouldStartWith(server.BaseUrl + "/invite/inv_");
        await Expect(page.GetByText(new Regex(@"Expires [67] days from now"))).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Ui.Screenshot("users-invite"), FullPage = true });

        var ivy = await server.NewPageAsync();
        await ivy.GotoAsync(link);
        await Expect(ivy.GetByRole(AriaRole.Heading, new() { Name = "Join Wayne" })).ToBeVisibleAsync();
        await Expect(ivy.Locator("main")).ToContainTextAsync(email);
        await Expect(ivy.Locator("main")).ToContainTextAsync("manager");
        await ivy.GetByLabel("Your name").FillAsync("Ivy Invited");
        await ivy.GetByLabel("Choose a password").FillAsync("ivy's own passphrase");
        await ivy.GetByRole(AriaRole.Button, new() { Name = "Create my login and join" }).ClickAsync();
        await Expect(ivy).ToHaveURLAsync(new Regex("/$"));
        await Expect(ivy.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Wayne" })).ToBeVisibleAsync();
        await Expect(ivy.Locator(".user-name")).ToHaveTextAsync("Ivy Invited");

        // The link works once.
        var again = await ivy.GotoAsync(link);
        again!.Status.ShouldBe(404);
        await Expect(ivy.GetByRole(AriaRole.Heading, new() { Name = "This link does not work any more" })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Expect(page.Locator("table.members tbody tr", new() { HasText = email })).ToContainTextAsync("Ivy Invited");
        await ivy.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Reset_password_link_lets_a_member_choose_a_new_password()
    {
        var owner = await server.SignUpAsync("Cyberdyne");
        var page = await server.NewPageAsync();
        await Ui.SignInAsync(page, owner.Email, owner.Password);
        await page.GotoAsync("/settings/users");
        var email = $"rita-{Guid.NewGuid():N}@example.com";
        await page.Locator("#add-email").FillAsync(email);
        await page.Locator("#add-name").FillAsync("Rita Reset");
        await page.Locator("#add-password").FillAsync("rita's first password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(Ui.Alert(page)).ToContainTextAsync("Rita Reset was added");

        var row = page.Locator("table.members tbody tr", new() { HasText = email });
        await row.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        var link = await page.Locator("#new-link").InputValueAsync();
        link.ShouldContain("/reset/pwr_");

        var rita = await server.NewPageAsync();
        await rita.GotoAsync(link);
        await rita.GetByLabel("New password").FillAsync("rita's second password");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(rita).ToHaveURLAsync(new Regex("/signin\\?notice=password-reset$"));
        await Expect(rita.Locator(".alert-ok")).ToContainTextAsync("new password is set");
        await Ui.SignInAsync(rita, email, "rita's second password");

        await Ui.SignOutAsync(rita);

        // Deactivated, she can no longer sign in here.
        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync(); // hx-confirm, accepted
        await Expect(Ui.Alert(page)).ToContainTextAsync("Member deactivated");
        await Expect(page.Locator("table.members tbody tr", new() { HasText = email })).ToContainTextAsync("deactivated");
        await rita.GetByLabel("E-mail").FillAsync(email);
        await rita.GetByLabel("Password").FillAsync("rita's second password");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(rita.Locator(".alert-error")).ToContainTextAsync("deactivated");

        await page.Locator("table.members tbody tr", new() { HasText = email }).GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await Expect(Ui.Alert(page)).ToContainTextAsync("Member reactivated");
        await rita.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
