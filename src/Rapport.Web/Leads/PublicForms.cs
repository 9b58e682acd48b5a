using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Rapport.Common;
using Rapport.Leads;
using Rapport.Leads.Features;
using Rapport.Web.Http;
using Rapport.Web.Leads.Pages;
using Rapport.Web.Shared;

namespace Rapport.Web.Leads;

/// <summary>
/// The public side of web-to-lead forms: the hosted page <c>/f/{formId}</c> (no sign-in, no app
/// chrome), its thank-you page, and <c>POST /api/v1/forms/{formId}/submissions</c> — anonymous by
/// design (RouteSecurityTests skips routes marked AllowAnonymous, like sign-up), no antiforgery
/// token (it is posted from other sites), rate limited per IP. CORS is answered here for the form's
/// own allowed origins only; a browser post whose Origin is neither this site nor an allowed one is
/// refused (403), so a form cannot be posted from any page on the web.
/// </summary>
public static class PublicForms
{
    public static void MapPublicForms(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("").AllowAnonymous();
        open.MapPost("/api/v1/forms/{formId:guid}/submissions", SubmitAsync)
            .RequireRateLimiting(LeadsApi.FormSubmissionsPolicy).DisableAntiforgery().WithTags("Web forms")
            .Accepts<JsonObject>("application/json", "application/x-www-form-urlencoded");
        open.MapMethods("/api/v1/forms/{formId:guid}/submissions", ["OPTIONS"], async (Guid formId, HttpContext http, SubmitForm submit, CancellationToken ct) =>
        {
            var form = await submit.FindPublicAsync(formId, ct);
            if (AllowedOrigin(http, form) is { } origin)
            {
                Cors(http, origin);
                http.Response.Headers.AccessControlAllowMethods = "POST";
                http.Response.Headers.AccessControlAllowHeaders = "Content-Type";
                http.Response.Headers.AccessControlMaxAge = "600";
            }
            return Results.NoContent();
        }).ExcludeFromDescription();

        var pages = app.MapGroup("/f").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/{formId:guid}", async (Guid formId, HttpContext http, SubmitForm submit, CancellationToken ct) =>
            PageResults.Render<PublicFormPage, PublicFormPage.Model>(new PublicFormPage.Model { Form = Embeddable(http, await submit.FindPublicAsync(formId, ct)) }));
        pages.MapGet("/{formId:guid}/thanks", async (Guid formId, HttpContext http, SubmitForm submit, CancellationToken ct) =>
            PageResults.Render<PublicThanksPage, PublicThanksPage.Model>(new PublicThanksPage.Model { Form = Embeddable(http, await submit.FindPublicAsync(formId, ct)) }));
    }

    private static async Task<IResult> SubmitAsync(Guid formId, HttpContext http, SubmitForm submit, CancellationToken ct)
    {
        var form = await submit.FindPublicAsync(formId, ct);
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            if (AllowedOrigin(http, form) is { } allowed) Cors(http, allowed);
            else if (!SameOrigin(http, origin)) throw new ForbiddenException("This form may not be posted from that site. Add its origin to the form's allowed origins.");
        }

        if (http.Request.HasFormContentType)
        {
            var posted = await http.Request.ReadFormAsync(ct);
            var values = posted.ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
            try
            {
                await submit.HandleAsync(form, values, origin.Length > 0 ? origin : null, ct);
            }
            catch (ValidationFailedException v)
            {
                Embeddable(http, form);
                return PageResults.Render<PublicFormPage, PublicFormPage.Model>(new PublicFormPage.Model { Form = form, Values = values, Errors = v.Errors }, PageResults.FormErrors);
            }
            return SeeOther(form.RedirectUrl ?? $"/f/{form.Id}/thanks");
        }

        if (http.Request.ContentType is { } type && (type.StartsWith("application/json") || type.Contains("+json")))
        {
            JsonObject? body;
            try { body = await http.Request.ReadFromJsonAsync<JsonObject>(ct); }
            catch (JsonException ex) { throw new ValidationFailedException(ApiProblems.JsonPathToField(ex.Path), ex.Message.Split(" Path: ")[0]); }
            catch (InvalidOperationException ex) { throw new ValidationFailedException("body", ex.Message); }
            if (body is null) throw new ValidationFailedException("body", "Send a JSON object keyed by field key.");
            var result = await submit.HandleAsync(form, SubmitForm.ValuesOf(body), origin.Length > 0 ? origin : null, ct);
            // The same answer whether it was stored or dropped as spam: a bot learns nothing.
            _ = result;
            return TypedResults.Accepted((string?)null, new { received = true, message = form.ThankYouMessage ?? "Thank you." });
        }
        return Results.Problem(statusCode: 415, title: "Unsupported media type.", detail: "Post JSON (application/json) or an HTML form (application/x-www-form-urlencoded).");
    }

    /// <summary>The form's pages may be framed by its allowed origins (the embed snippet is an iframe), not by any site.</summary>
    private static WebForm Embeddable(HttpContext http, WebForm form)
    {
        http.Response.Headers.ContentSecurityPolicy = SecurityHeaders.PublicFormPolicy(ManageForms.OriginsOf(form), form.RedirectUrl);
        return form;
    }

    private static IResult SeeOther(string url)
    {
        return new SeeOtherResult(url);
    }

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }

    private static void Cors(HttpContext http, string origin)
    {
        http.Response.Headers.AccessControlAllowOrigin = origin;
        http.Response.Headers.Vary = "Origin";
    }

    /// <summary>The request's Origin when it is one of the form's allowed origins, else null.</summary>
    private static string? AllowedOrigin(HttpContext http, WebForm form)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || ManageForms.NormalizeOrigin(origin) is not { } normalized) return null;
        return ManageForms.OriginsOf(form).Contains(normalized) ? origin : null;
    }

    private static bool SameOrigin(HttpContext http, string origin) =>
        ManageForms.NormalizeOrigin(origin) is { } o && o == ManageForms.NormalizeOrigin($"{http.Request.Scheme}://{http.Request.Host}");
}
