using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rapport.Web.Http;

/// <summary>
/// The OpenAPI document of the API routes only, at /openapi/v1.json, and a reference page at
/// /api/docs: bearer keys declared (so the page can send authorized requests), schemas named after
/// their use case (SignUpRequest, not a dozen "Request"s), and the problem responses every route can give.
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddRapportOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.CreateSchemaReferenceId = info => OpenApiOptions.CreateDefaultSchemaReferenceId(info) is null ? null : SchemaName(info.Type);
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Rapport API";
                doc.Info.Description = "REST API of Rapport. Authenticate with `Authorization: Bearer rpk_…` (create keys in Settings → API keys). "
                    + "Errors are RFC 9457 problem details; lists are keyset-paginated (`limit`, `cursor` → `nextCursor`).";
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "rpk_…",
                    Description = "An API key of the workspace, e.g. `rpk_1a2b…`.",
                };
                doc.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", doc)] = [] }];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                if (anonymous) operation.Security = [];
                operation.Responses ??= new OpenApiResponses();
                var method = context.Description.HttpMethod;
                void Problem(string status, string description)
                {
                    if (operation.Responses.ContainsKey(status)) return;
                    operation.Responses[status] = new OpenApiResponse
                    {
                        Description = description,
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
                    };
                }
                Problem("400", "Invalid input: `errors` names each field.");
                if (!anonymous)
                {
                    Problem("401", "No API key, or an unknown or revoked one.");
                    Problem("403", "The key's role may not do this.");
                }
                if (context.Description.RelativePath?.Contains('{') == true) Problem("404", "Not found (or in another workspace).");
                if (method is "PATCH") Problem("412", "The If-Match version is stale.");
                if (method is "POST" or "PATCH" or "PUT") Problem("413", "The body is over 1 MB.");
                Problem("429", "Rate limited: see Retry-After.");
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Nested use-case types are named with their use case: SignUp.Request → SignUpRequest; Page&lt;T&gt; → PageOfT.</summary>
    private static string SchemaName(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`')];
            return name + "Of" + string.Join("And", type.GetGenericArguments().Select(SchemaName));
        }
        // Records declared in an endpoint class (PlatformApi.MeResponse) are already specific.
        return type.IsNested && type.DeclaringType is { } outer && !outer.Name.EndsWith("Api", StringComparison.Ordinal)
               && !type.Name.StartsWith(outer.Name, StringComparison.Ordinal)
            ? outer.Name + type.Name
            : type.Name;
    }

    public static WebApplication MapRapportOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Rapport API v1");
            o.DocumentTitle = "Rapport API reference";
        });
        return app;
    }
}
