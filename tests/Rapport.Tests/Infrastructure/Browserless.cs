using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Shouldly;

namespace Rapport.Tests.Infrastructure;

/// <summary>Posts the UI's HTML forms like a browser without JavaScript: GET the page, take its antiforgery token, POST.</summary>
public static class Browserless
{
    public static HttpClient UiClient(this RapportApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        token.Success.ShouldBeTrue($"No antiforgery token on {pageUrl} ({(int)page.StatusCode}): {html[..Math.Min(300, html.Length)]}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    /// <summary>Signs in and accepts every invitation waiting for the login (adding an existing login only invites it).</summary>
    public static async Task AcceptInvitationsAsync(this RapportApp app, string email, string password)
    {
        using var ui = app.UiClient();
        (await ui.SignInAsync(email, password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = await (await ui.GetAsync("/invitations")).Content.ReadAsStringAsync();
        var ids = Regex.Matches(list, "/invitations/([0-9a-f-]{36})/accept").Select(m => m.Groups[1].Value).ToList();
        ids.ShouldNotBeEmpty("No invitation is waiting for " + email);
        foreach (var id in ids)
            (await ui.SubmitFormAsync("/invitations", $"/invitations/{id}/accept", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password) =>
        client.SubmitFormAsync("/signin", "/signin", new() { ["email"] = email, ["password"] = password });
}
