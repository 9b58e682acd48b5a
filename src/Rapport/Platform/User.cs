using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Data;

namespace Rapport.Platform;

/// <summary>A login. Global (one person, several workspaces); looked up by e-mail through a global unique index.</summary>
public sealed class User
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    /// <summary>Stored lower-cased: the unique index and the sign-in lookup use it.</summary>
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    [NotAudited] public string PasswordHash { get; set; } = "";
    public int FailedSignInCount { get; set; }
    public DateTime? FirstFailedSignInAt { get; set; }
    public DateTime? LockoutEnd { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime PasswordChangedAt { get; set; }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasKey(x => x.Id);
        b.Property(x => x.Email).HasMaxLength(320).IsRequired();
        b.HasIndex(x => x.Email).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.PasswordHash).HasMaxLength(200).IsRequired();
    }
}
