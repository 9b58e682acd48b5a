namespace Rapport.Web.Http;

/// <summary>OpenAPI document of the API routes only, at /openapi/v1.json, and a reference page at /api/docs.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddRapportOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Rapport API";
                doc.Info.Description = "REST API of Rapport. Authenticate with Authorization: Bearer <api key> (create keys in Settings → API keys).";
                return Task.CompletedTask;
            });
        });
        return services;
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
