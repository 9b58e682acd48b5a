using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Platform;

/// <summary>
/// Issue #11's critical finding: a workspace admin "added" an existing login of another workspace
/// (a 201 with the victim's id and name) and then made a reset link for it, which took over the
/// victim's login and every workspace of theirs. Now an existing login is only invited, it joins
/// when its owner accepts, and an admin resets only a login that belongs to no other workspace.
/// Mails go to a real SMTP server on loopback (netDumbster), sent by MailKit through the outbox.
/// </summary>
public sealed class SharedLoginTests : IDisposable
{
    private readonly SimpleSmtpServer _smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();

    public void Dispose() => _smtp.Dispose();

    private RapportApp App(DatabaseProvider provider) => new(provider, new()
    {
        ["Rapport:AllowSignup"] = "true",
        ["Rapport:Mail:Host"] = "127.0.0.1",
        ["Rapport:Mail:Port"] = _smtp.Configuration.Port.ToString(),
        ["Rapport:Mail:Security"] = "None",
        ["Rapport:PublicUrl"] = "http://crm.example.test",
    });

    [Theory, SqliteData, PostgresData]
    public async Task Adding_a_login_of_another_workspace_invites_it_and_reveals_nothing(DatabaseProvider provider)
    {
        await using var app = App(provider);
        var victim = await app.SignUpAsync("Victim Co", "vic@example.com");
        var eve = await app.SignUpAsync("Eve Co", "eve@example.com");
        using var attacker = app.ApiClient(eve.ApiKey);

        var added = await attacker.PostJsonAsync("/api/v1/users", new { email = "VIC@example.com", name = "Whoever", role = "owner", password = "eves chosen password" });
        var invited = await added.ShouldBeAsync(HttpStatusCode.Created);
        var text = invited.GetRawText();
        text.ShouldNotContain(victim.UserId.ToString());
        text.ShouldNotContain("Olivia Owner"); // the login's real name
        invited.GetProperty("status").GetString().ShouldBe("invited");
        invited.GetProperty("name").GetString().ShouldBe("Whoever");
        invited.GetProperty("active").GetBoolean().ShouldBeFalse();

        // A new e-mail answers with the same status code and the same fields.
        var fresh = await (await attacker.PostJsonAsync("/api/v1/users", new { email = "new@example.com", name = "New", role = "sales", password = "a long new password" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        PropertyNames(fresh).ShouldBe(PropertyNames(invited));
        fresh.GetProperty("status").GetString().ShouldBe("active");
        // A weak initial password is refused for both alike (a 400 for new e-mails only would tell who has a login).
        await (await attacker.PostJsonAsync("/api/v1/users", new { email = "vic@example.com", name = "W", role = "sales", password = "short" })).ShouldBeAsync(HttpStatusCode.BadRequest);

        // Until she accepts, she is not a member: not listed, not readable, no reset link.
        var members = await (await attacker.GetAsync("/api/v1/users")).ShouldBeAsync(HttpStatusCode.OK);
        members.GetRawText().ShouldNotContain(victim.UserId.ToString());
        await (await attacker.GetAsync($"/api/v1/users/{victim.UserId}")).ShouldBeAsync(HttpStatusCode.NotFound);
        await (await attacker.PostAsync($"/api/v1/users/{victim.UserId}/password-reset", null)).ShouldBeAsync(HttpStatusCode.NotFound);
        (await IsMemberAsync(app, eve.WorkspaceId, victim.UserId)).ShouldBeFalse();

        // The invitation is mailed to her (the link asks for her own password) and audited in Eve Co.
        var mail = await MailToAsync("vic@example.com");
        mail.Subject.ShouldBe("You are invited to Eve Co on Rapport");
        (mail.TextBody ?? "").ShouldContain("http://crm.example.test/invite/inv_");
        (mail.TextBody ?? "").ShouldNotContain("eves chosen password");
        var audit = await (await attacker.GetAsync("/api/v1/audit")).ShouldBeAsync(HttpStatusCode.OK);
        audit.GetProperty("items").EnumerateArray().ShouldContain(e => e.GetProperty("entityType").GetString() == "invitation" && e.GetProperty("action").GetString() == "created");

        // She accepts while signed in, from the notice on her home page.
        using var vic = app.UiClient();
        (await vic.SignInAsync("vic@example.com", victim.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await vic.GetAsync("/")).Content.ReadAsStringAsync()).ShouldContain("You are invited to join Eve Co as Owner.");
        var list = await (await vic.GetAsync("/invitations")).Content.ReadAsStringAsync();
        var invitationId = Regex.Match(list, "/invitations/([0-9a-f-]{36})/accept").Groups[1].Value;
        var accepted = await vic.SubmitFormAsync("/invitations", $"/invitations/{invitationId}/accept", []);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await vic.GetAsync("/")).Content.ReadAsStringAsync()).ShouldContain("Welcome to Eve Co");
        (await IsMemberAsync(app, eve.WorkspaceId, victim.UserId)).ShouldBeTrue();
        (await (await vic.GetAsync("/invitations")).Content.ReadAsStringAsync()).ShouldContain("No invitations are waiting for you.");

        // Now the login is shared by two workspaces: neither admin may reset it, through the API or the page.
        var refused = await (await attacker.PostAsync($"/api/v1/users/{victim.UserId}/password-reset", null)).ShouldBeAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldContain("Forgot your password?");
        using (var victimsOwnKey = app.ApiClient(victim.ApiKey))
            await (await victimsOwnKey.PostAsync($"/api/v1/users/{victim.UserId}/password-reset", null)).ShouldBeAsync(HttpStatusCode.Conflict);
        using var eveUi = app.UiClient();
        (await eveUi.SignInAsync("eve@example.com", eve.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await eveUi.SubmitFormAsync("/settings/users", $"/settings/users/{victim.UserId}/reset-password", []);
        ((int)page.StatusCode).ShouldBeGreaterThanOrEqualTo(400);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("/reset/pwr_");
        (await app.InWorkspaceAsync(eve.WorkspaceId, sp => sp.GetRequiredService<RapportDb>().PasswordResets.CountAsync())).ShouldBe(0);
        // Nor can Eve read anything of Victim Co with it.
        await (await attacker.GetAsync($"/api/v1/users/{victim.UserId}")).ShouldBeAsync(HttpStatusCode.OK);
        (await (await attacker.GetAsync("/api/v1/contacts")).Content.ReadAsStringAsync()).ShouldNotContain("Victim");
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_invitation_can_be_declined_and_the_UI_add_says_it_invited(DatabaseProvider provider)
    {
        await using var app = App(provider);
        var victim = await app.SignUpAsync("Victim Co", "vic@example.com");
        var eve = await app.SignUpAsync("Eve Co", "eve@example.com");
        using var eveUi = app.UiClient();
        (await eveUi.SignInAsync("eve@example.com", eve.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var added = await eveUi.SubmitFormAsync("/settings/users", "/settings/users/add",
            new() { ["email"] = "vic@example.com", ["name"] = "Whoever", ["role"] = "admin", ["password"] = "eves chosen password" });
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        WebUtility.UrlDecode(added.Headers.Location!.ToString()).ShouldContain("already has a Rapport login, so they were invited");
        (await IsMemberAsync(app, eve.WorkspaceId, victim.UserId)).ShouldBeFalse();

        using var vic = app.UiClient();
        (await vic.SignInAsync("vic@example.com", victim.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = await (await vic.GetAsync("/invitations")).Content.ReadAsStringAsync();
        list.ShouldContain("Eve Co");
        var invitationId = Regex.Match(list, "/invitations/([0-9a-f-]{36})/decline").Groups[1].Value;
        (await vic.SubmitFormAsync("/invitations", $"/invitations/{invitationId}/decline", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await vic.GetAsync("/invitations")).Content.ReadAsStringAsync()).ShouldContain("No invitations are waiting for you.");
        (await vic.SubmitFormAsync("/invitations", $"/invitations/{invitationId}/accept", [])).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await IsMemberAsync(app, eve.WorkspaceId, victim.UserId)).ShouldBeFalse();

        // Someone else's invitation cannot be answered by guessing its id.
        await (await app.ApiClient(eve.ApiKey).PostJsonAsync("/api/v1/users", new { email = "vic@example.com", name = "W", role = "sales", password = "eves chosen password" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var otherId = await app.InWorkspaceAsync(eve.WorkspaceId, sp => sp.GetRequiredService<RapportDb>().Invitations.Select(i => i.Id).SingleAsync());
        using var stranger = app.UiClient();
        var third = await app.SignUpAsync("Third", "third@example.com");
        (await stranger.SignInAsync("third@example.com", third.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await stranger.SubmitFormAsync("/invitations", $"/invitations/{otherId}/accept", [])).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await IsMemberAsync(app, eve.WorkspaceId, third.UserId)).ShouldBeFalse();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Forgot_password_mails_a_link_to_the_login_and_answers_alike_for_unknown_addresses(DatabaseProvider provider)
    {
        await using var app = App(provider);
        var owner = await app.SignUpAsync("Acme", "ana@example.com");
        using var ui = app.UiClient();
        (await (await ui.GetAsync("/signin")).Content.ReadAsStringAsync()).ShouldContain("href=\"/forgot-password\"");

        var unknown = await ui.SubmitFormAsync("/forgot-password", "/forgot-password", new() { ["email"] = "nobody@example.com" });
        var known = await ui.SubmitFormAsync("/forgot-password", "/forgot-password", new() { ["email"] = "ANA@example.com" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.OK);
        known.StatusCode.ShouldBe(unknown.StatusCode);
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        var knownHtml = await known.Content.ReadAsStringAsync();
        knownHtml.ShouldContain("a link to choose a new password is on its way");
        knownHtml.Replace("ANA@example.com", "X").ShouldBe(unknownHtml.Replace("nobody@example.com", "X"));

        var mail = await MailToAsync("ana@example.com");
        _smtp.ReceivedEmail.ShouldNotContain(m => m.ToAddresses.Any(a => a.Address == "nobody@example.com"));
        var link = Regex.Match(mail.TextBody ?? "", @"http://crm\.example\.test(/reset/\S+)").Groups[1].Value;
        link.ShouldNotBeEmpty();
        // The outbox does not keep the link once the mail is sent. The mail arrives before the
        // dispatcher records it as sent: wait for that record, on a busy machine it can take a while.
        for (var i = 0; i < 600 && await app.InWorkspaceAsync(owner.WorkspaceId, sp => sp.GetRequiredService<RapportDb>().OutboxMessages.AnyAsync(m => m.Type == "mail.send" && m.ProcessedAt == null)); i++)
            await Task.Delay(50);
        (await app.InWorkspaceAsync(owner.WorkspaceId, sp => sp.GetRequiredService<RapportDb>().OutboxMessages.Where(m => m.Type == "mail.send").Select(m => m.Payload).ToListAsync()))
            .ShouldAllBe(p => !p.Contains("pwr_"));

        (await ui.SubmitFormAsync(link, link, new() { ["password"] = "a brand new passphrase" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ui.SignInAsync("ana@example.com", "a brand new passphrase")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ui.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.NotFound); // spent
        var audit = await (await app.ApiClient(owner.ApiKey).GetAsync("/api/v1/audit")).ShouldBeAsync(HttpStatusCode.OK);
        audit.GetProperty("items").EnumerateArray().ShouldContain(e => e.GetProperty("action").GetString() == "passwordResetRequested");
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_password_change_spends_every_open_reset_link(DatabaseProvider provider)
    {
        await using var app = App(provider);
        var owner = await app.SignUpAsync("Acme", "ana@example.com");
        using var api = app.ApiClient(owner.ApiKey);
        var sam = await (await api.PostJsonAsync("/api/v1/users", new { email = "sam@example.com", name = "Sam", role = "sales", password = "sams first password" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var link = (await (await api.PostAsync($"/api/v1/users/{sam.GetProperty("id").GetString()}/password-reset", null)).ShouldBeAsync(HttpStatusCode.OK))
            .GetProperty("url").GetString()!;
        var path = new Uri(link).AbsolutePath;
        var audit = await (await api.GetAsync("/api/v1/audit")).ShouldBeAsync(HttpStatusCode.OK);
        audit.GetProperty("items").EnumerateArray().ShouldContain(e => e.GetProperty("action").GetString() == "passwordResetLinkCreated");

        using var ui = app.UiClient();
        (await ui.SignInAsync("sam@example.com", "sams first password")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ui.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var changed = await ui.SubmitFormAsync("/account/password", "/account/password",
            new() { ["currentPassword"] = "sams first password", ["newPassword"] = "sams second password" });
        ((int)changed.StatusCode).ShouldBeLessThan(400);
        (await ui.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var other = app.UiClient();
        (await other.SubmitFormAsync("/signin", path, new() { ["password"] = "an attackers password" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.SignInAsync("sam@example.com", "sams second password")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private static string[] PropertyNames(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order().ToArray();

    private static Task<bool> IsMemberAsync(RapportApp app, Guid workspaceId, Guid userId) =>
        app.InWorkspaceAsync(workspaceId, sp => sp.GetRequiredService<RapportDb>().Memberships.AnyAsync(m => m.UserId == userId));

    private async Task<MimeMessage> MailToAsync(string address)
    {
        for (var i = 0; i < 200; i++)
        {
            var found = _smtp.ReceivedEmail.LastOrDefault(m => m.ToAddresses.Any(a => a.Address == address));
            if (found is not null) return MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(found.Data)));
            await Task.Delay(50);
        }
        throw new ShouldAssertException($"No mail to {address} arrived; got {_smtp.ReceivedEmailCount}.");
    }
}
