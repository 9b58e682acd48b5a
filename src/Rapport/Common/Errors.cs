namespace Rapport.Common;

/// <summary>A rule of the domain was broken; the web layer turns each kind into a problem response.</summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>400 with the offending fields named (camelCase paths).</summary>
public sealed class ValidationFailedException(IDictionary<string, string[]> errors)
    : DomainException("One or more fields are invalid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] }) { }
}

/// <summary>404: missing, deleted, or in another workspace (which must look the same).</summary>
public sealed class NotFoundException(string what = "The record was not found.") : DomainException(what);

/// <summary>403: the caller's role may not do this in its own workspace.</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>409: the request conflicts with the current state (a duplicate, a wrong state).</summary>
public sealed class ConflictException(string message, IReadOnlyList<Guid>? duplicates = null) : DomainException(message)
{
    public IReadOnlyList<Guid>? Duplicates { get; } = duplicates;
}

/// <summary>412: the If-Match version is stale.</summary>
public sealed class PreconditionFailedException(string message = "The record was changed by someone else; reload it and try again.")
    : DomainException(message);

/// <summary>401 for the sign-in flows (wrong password, locked out, deactivated).</summary>
public sealed class AuthenticationFailedException(string message) : DomainException(message);
