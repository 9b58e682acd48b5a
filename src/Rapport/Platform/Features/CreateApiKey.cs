using FluentValidation;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>Admins and owners create a key with a role; the key is returned once and only its hash is kept.</summary>
public sealed class CreateApiKey(RapportDb db, RequestContext ctx)
{
    public sealed record Request(string? Name, string? Role);
    public sealed record Result(ApiKeyDto ApiKey, string Key);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
            RuleFor(x => x.Role).NotEmpty().Must(Roles.IsValid).WithMessage($"Must be one of: {string.Join(", ", Roles.All)}.");
        }
    }

    public async Task<Result> HandleAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        new Validator().EnsureValid(r);
        if (r.Role == Roles.Owner && ctx.Role != Roles.Owner)
            throw new ForbiddenException("Only owners may create owner keys.");
        var (apiKey, key) = NewKey(ctx.WorkspaceId, r.Name!.Trim(), r.Role!, ctx.UserId, db.Now);
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(ct);
        return new Result(ApiKeyDto.From(apiKey), key);
    }

    internal static (ApiKey ApiKey, string Key) NewKey(Guid workspaceId, string name, string role, Guid? createdBy, DateTime now)
    {
        var key = Secrets.NewToken(ApiKey.Prefix);
        return (new ApiKey
        {
            WorkspaceId = workspaceId, Name = name, Role = role, KeyHash = Secrets.Hash(key),
            KeyStart = key[..10], CreatedByUserId = createdBy, CreatedAt = now,
        }, key);
    }
}
