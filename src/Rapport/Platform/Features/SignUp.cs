using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Platform.Features;

/// <summary>
/// Creates a workspace, its owner and a first owner API key. Allowed while no workspace exists
/// (first run), or always when Rapport:AllowSignup=true.
/// </summary>
public sealed class SignUp(RapportDb db, RequestContext ctx, IConfiguration config)
{
    public sealed record Request(string? WorkspaceName, string? Name, string? Email, string? Password);
    public sealed record Result(Guid WorkspaceId, Guid UserId, string ApiKey);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.WorkspaceName).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Email).NotEmpty().MaximumLength(320).EmailAddress();
            RuleFor(x => x.Password).Custom((p, c) =>
            {
                if (PasswordPolicy.Problem(p, c.InstanceToValidate.Email) is { } problem) c.AddFailure(problem);
            });
        }
    }

    public async Task<bool> IsAllowedAsync(CancellationToken ct) =>
        config.GetValue("Rapport:AllowSignup", false) || await IsFirstRunAsync(ct);

    /// <summary>No workspace exists yet: the UI shows the first-run page.</summary>
    public async Task<bool> IsFirstRunAsync(CancellationToken ct) => !await db.Workspaces.AnyAsync(ct);

    public async Task<Result> HandleAsync(Request r, CancellationToken ct)
    {
        if (!await IsAllowedAsync(ct))
            throw new ForbiddenException("Sign-up is closed: this server already has a workspace. Ask an admin to add you.");
        return await CreateWorkspaceAsync(r, ct);
    }

    /// <summary>Without the sign-up gate: for the CLI's <c>workspace create</c>, run by whoever holds the database.</summary>
    public async Task<Result> CreateWorkspaceAsync(Request r, CancellationToken ct)
    {
        new Validator().EnsureValid(r);
        var email = User.NormalizeEmail(r.Email!);
        if (await db.Users.AnyAsync(u => u.Email == email, ct))
            throw new ValidationFailedException("email", "This e-mail address already has an account; sign in instead.");

        var now = db.Now;
        var workspace = new Workspace { Name = r.WorkspaceName!.Trim(), CreatedAt = now };
        var user = new User { Email = email, Name = r.Name!.Trim(), CreatedAt = now, PasswordChangedAt = now };
        user.PasswordHash = PasswordPolicy.Hasher.HashPassword(user, r.Password!);
        ctx.Set(workspace.Id, Roles.Owner, userId: user.Id);
        db.Workspaces.Add(workspace);
        db.Users.Add(user);
        db.Memberships.Add(new Membership { WorkspaceId = workspace.Id, UserId = user.Id, Role = Roles.Owner, CreatedAt = now });
        var (apiKey, key) = CreateApiKey.NewKey(workspace.Id, "Default", Roles.Owner, user.Id, now);
        db.ApiKeys.Add(apiKey);
        db.Publish(new WorkspaceCreated(workspace.Id, user.Id));
        await db.SaveChangesAsync(ct);
        return new Result(workspace.Id, user.Id, key);
    }
}
