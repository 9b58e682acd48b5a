using System.Text.Json;

namespace Rapport.Web.Http;

public static class ProblemSetup
{
    public static IServiceCollection AddRapportProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ApiProblems>();
        // Binding failures (malformed JSON, wrong types, missing body) throw, so ApiProblems answers
        // them the same in Development and Production.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
