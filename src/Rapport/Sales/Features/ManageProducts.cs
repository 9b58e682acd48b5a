using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

public sealed record ProductDto(Guid Id, string Sku, string Name, decimal Price, string Currency, bool Active, DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    public static ProductDto From(Product p) => new(p.Id, p.Sku, p.Name, p.Price, p.Currency, p.Active, p.CreatedAt, p.UpdatedAt, p.Version);
}

/// <summary>The product catalog: SKU (unique in the workspace, trash included), name, price, currency, active.</summary>
public sealed class ManageProducts(RapportDb db, RequestContext ctx)
{
    public sealed record Request(string? Sku = null, string? Name = null, decimal? Price = null, string? Currency = null, bool? Active = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Sku).NotEmpty().MaximumLength(64);
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Price).NotNull().InclusiveBetween(0, Money.Max);
            RuleFor(x => x.Currency).NotEmpty().Must(c => Money.NormalizeCurrency(c) == c).WithMessage("Must be an ISO 4217 code such as USD or EUR.");
        }
    }

    private static readonly IReadOnlySet<string> ReadOnlyFields = new HashSet<string> { "id", "createdAt", "updatedAt", "version" };

    public async Task<Page<ProductDto>> ListAsync(bool? active, string? q, int? limit, string? cursor, CancellationToken ct)
    {
        var query = db.Products.AsNoTracking();
        if (active is { } a) query = query.Where(p => p.Active == a);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToLower();
            query = query.Where(p => p.Name.ToLower().Contains(text) || p.Sku.ToLower().Contains(text));
        }
        var take = Paging.ClampLimit(limit);
        var (rows, next) = await Keyset.PageAsync(query, new Keyset.Sort<Product>((System.Linq.Expressions.Expression<Func<Product, string>>)(p => p.Name), false, p => p.Id), take, cursor, ct);
        return new Page<ProductDto>(rows.Select(ProductDto.From).ToList(), next);
    }

    public async Task<ProductDto> GetAsync(Guid id, CancellationToken ct) => ProductDto.From(await FindAsync(id, ct));

    public async Task<ProductDto> CreateAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        r = Normalize(r with { Active = r.Active ?? true, Currency = r.Currency ?? await BaseCurrencyAsync(ct) });
        new Validator().EnsureValid(r);
        await EnsureSkuFreeAsync(r.Sku!, null, ct);
        var now = db.Now;
        var product = new Product { WorkspaceId = ctx.WorkspaceId, CreatedAt = now };
        Apply(product, r, now);
        db.Products.Add(product);
        db.Publish(new ProductCreated(product.Id));
        await db.SaveChangesAsync(ct);
        return ProductDto.From(product);
    }

    public async Task<ProductDto> UpdateAsync(Guid id, JsonObject patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var product = await FindAsync(id, ct);
        if (ifMatchVersion is { } v && v != product.Version) throw new PreconditionFailedException();
        var r = Normalize(MergePatch.Apply(new Request(product.Sku, product.Name, product.Price, product.Currency, product.Active), patch, ReadOnlyFields));
        new Validator().EnsureValid(r);
        if (r.Sku != product.Sku) await EnsureSkuFreeAsync(r.Sku!, product.Id, ct);
        Apply(product, r, db.Now);
        await db.SaveChangesAsync(ct);
        return ProductDto.From(product);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureCanWrite();
        var product = await FindAsync(id, ct);
        db.Products.Remove(product);
        db.Publish(new ProductDeleted(id));
        await db.SaveChangesAsync(ct);
    }

    private async Task EnsureSkuFreeAsync(string sku, Guid? except, CancellationToken ct)
    {
        var clash = await db.Products.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(p => p.Sku == sku && p.Id != except)
            .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (clash is { } id) throw new ConflictException($"Another product (possibly in the trash) has the SKU '{sku}'.", [id]);
    }

    private Task<string> BaseCurrencyAsync(CancellationToken ct)
    {
        var ws = ctx.WorkspaceId;
        return db.Workspaces.Where(w => w.Id == ws).Select(w => w.BaseCurrency).SingleAsync(ct);
    }

    private async Task<Product> FindAsync(Guid id, CancellationToken ct) =>
        await db.Products.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("The product was not found.");

    private static Request Normalize(Request r) => r with
    {
        Sku = r.Sku?.Trim(),
        Name = r.Name?.Trim(),
        Currency = r.Currency is null ? null : Money.NormalizeCurrency(r.Currency) ?? r.Currency,
    };

    private static void Apply(Product p, Request r, DateTime now)
    {
        p.Sku = r.Sku!;
        p.Name = r.Name!;
        p.Price = r.Price!.Value;
        p.Currency = r.Currency!;
        p.Active = r.Active ?? true;
        p.UpdatedAt = now;
    }
}
