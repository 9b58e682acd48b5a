using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;

namespace Rapport.Web.Http;

/// <summary>
/// The one place where errors become RFC 9457 problem details: domain errors, unreadable or
/// oversized bodies, concurrency conflicts. Development and Production answer alike (bad input is
/// never a 500). See STACK-NOTES: ThrowOnBadRequest makes binding failures reach this handler.
/// </summary>
public sealed class ApiProblems(IProblemDetailsService problems, ILogger<ApiProblems> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = ToProblem(exception);
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "Something went wrong on our side.", Detail = "The error was logged." };
        }
        http.Response.StatusCode = problem.Status!.Value;
        if (exception is ConflictException { Duplicates: { } dups }) problem.Extensions["duplicates"] = dups;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        ValidationFailedException v => new HttpValidationProblemDetails(v.Errors) { Status = 400, Title = "One or more fields are invalid." },
        NotFoundException e => new ProblemDetails { Status = 404, Title = "Not found.", Detail = e.Message },
        ForbiddenException e => new ProblemDetails { Status = 403, Title = "Forbidden.", Detail = e.Message },
        ConflictException e => new ProblemDetails { Status = 409, Title = "Conflict.", Detail = e.Message },
        PreconditionFailedException e => new ProblemDetails { Status = 412, Title = "Precondition failed.", Detail = e.Message },
        DbUpdateConcurrencyException => new ProblemDetails { Status = 412, Title = "Precondition failed.", Detail = new PreconditionFailedException().Message },
        AuthenticationFailedException e => new ProblemDetails { Status = 401, Title = "Unauthorized.", Detail = e.Message },
        BadHttpRequestException b => FromBadRequest(b),
        // A handler that validates the token itself (ValidateRequestAsync): a missing token is the client's fault.
        Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException e => new ProblemDetails { Status = 400, Title = "Bad request.", Detail = e.Message },
        _ => null,
    };

    private static ProblemDetails FromBadRequest(BadHttpRequestException b)
    {
        if (b.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return new ProblemDetails { Status = 413, Title = "Request body too large.", Detail = $"JSON bodies may be at most {BodyLimit.MaxJsonBytes / 1024 / 1024} MB." };
        if (b.InnerException is JsonException json)
        {
            var field = JsonPathToField(json.Path);
            // Invalid UTF-8 or a lone surrogate in a typed body: the reader's error is the useful part.
            var message = json.InnerException is InvalidOperationException bad ? $"Is not valid text: {bad.Message}" : json.Message.Split(" Path: ")[0];
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = 400, Title = "The request body is not valid JSON for this operation.", Detail = $"{field}: {message}",
            };
        }
        return new ProblemDetails { Status = b.StatusCode, Title = "Bad request.", Detail = b.Message };
    }

    /// <summary>"$.emails[0].address" → "emails[0].address"; the root → "body".</summary>
    public static string JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');
}
