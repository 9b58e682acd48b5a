using Rapport.Common;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Rapport.Duplicates;
using Rapport.Duplicates.Features;
using Rapport.Web.Http;
using Rapport.Records;

namespace Rapport.Web.Duplicates;

/// <summary>/api/v1: duplicate scans, the review queue, merge and undo.</summary>
public static class DuplicatesApi
{
    public static RouteGroupBuilder MapDuplicatesApi(this RouteGroupBuilder api)
    {
        var dupes = api.MapGroup("/duplicates").WithTags("Duplicates");
        dupes.MapPost("/scan", async ([FromBody] ManageDuplicates.StartRequest? body, ManageDuplicates manage, CancellationToken ct) =>
        {
            var scan = await manage.StartAsync(body, ct);
            return TypedResults.Accepted($"/api/v1/duplicates/scans/{scan.Id}", scan);
        });
        dupes.MapGet("/scans/{id:guid}", async (Guid id, ManageDuplicates manage, CancellationToken ct) => TypedResults.Ok(await manage.GetScanAsync(id, ct)));
        dupes.MapGet("", async (string? entity, [AsParameters] Api.ListQuery q, ManageDuplicates manage, CancellationToken ct) =>
            TypedResults.Ok(await manage.ListAsync(entity, q.Limit, q.Cursor, ct)));
        dupes.MapGet("/{id:guid}", async (Guid id, ManageDuplicates manage, CancellationToken ct) => TypedResults.Ok(await manage.GetGroupAsync(id, ct)));
        dupes.MapPost("/{id:guid}/dismiss", async (Guid id, ManageDuplicates manage, CancellationToken ct) =>
        {
            await manage.DismissAsync(id, ct);
            return TypedResults.Ok(new { id, dismissed = true });
        });

        api.MapPost("/contacts/merge", async ([FromBody] JsonObject? body, MergeRecords merge, CancellationToken ct) =>
            TypedResults.Ok(await merge.MergeAsync(DuplicateEntities.Contact, body, ct))).WithTags("Contacts");
        api.MapPost("/accounts/merge", async ([FromBody] JsonObject? body, MergeRecords merge, CancellationToken ct) =>
            TypedResults.Ok(await merge.MergeAsync(DuplicateEntities.Account, body, ct))).WithTags("Accounts");

        var merges = api.MapGroup("/merges").WithTags("Duplicates");
        merges.MapGet("/{id:guid}", async (Guid id, MergeRecords merge, CancellationToken ct) => TypedResults.Ok(await merge.GetAsync(id, ct)));
        merges.MapPost("/{id:guid}/undo", async (Guid id, MergeRecords merge, CancellationToken ct) => TypedResults.Ok(await merge.UndoAsync(id, ct)));
        return api;
    }
}
