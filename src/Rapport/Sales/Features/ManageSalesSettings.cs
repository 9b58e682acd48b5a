using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

public sealed record LostReasonDto(Guid Id, string Name);
public sealed record StageRuleDto(Guid Id, Guid StageId, string TaskTitle, int DueInDays);
public sealed record ExchangeRateDto(string Currency, decimal Rate, DateTime UpdatedAt);
/// <summary><c>rates</c>: units of the base currency one unit of each currency is worth.</summary>
public sealed record ExchangeRatesDto(string BaseCurrency, IReadOnlyList<ExchangeRateDto> Rates);

/// <summary>
/// Settings → Sales: the lost reasons list, follow-up rules (stage → task) and exchange rates to the
/// workspace's base currency (set with PATCH /api/v1/workspace {"baseCurrency"}). Changing them is for
/// owners and admins; reading is for everyone.
/// </summary>
public sealed class ManageSalesSettings(RapportDb db, RequestContext ctx)
{
    // Lost reasons

    public async Task<IReadOnlyList<LostReasonDto>> LostReasonsAsync(CancellationToken ct) =>
        await db.LostReasons.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Name).Select(r => new LostReasonDto(r.Id, r.Name)).ToListAsync(ct);

    public sealed record LostReasonRequest(string? Name = null);

    public async Task<LostReasonDto> AddLostReasonAsync(LostReasonRequest r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var name = CheckName(r.Name);
        if (await db.LostReasons.AnyAsync(x => x.Name.ToLower() == name.ToLower(), ct)) throw new ConflictException($"The lost reason '{name}' exists.");
        var position = await db.LostReasons.Select(x => (int?)x.Position).MaxAsync(ct) ?? -1;
        var reason = new LostReason { WorkspaceId = ctx.WorkspaceId, Name = name, Position = position + 1 };
        db.LostReasons.Add(reason);
        await db.SaveChangesAsync(ct);
        return new LostReasonDto(reason.Id, reason.Name);
    }

    public async Task<LostReasonDto> RenameLostReasonAsync(Guid id, LostReasonRequest r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var reason = await db.LostReasons.SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("The lost reason was not found.");
        var name = CheckName(r.Name);
        if (await db.LostReasons.AnyAsync(x => x.Id != id && x.Name.ToLower() == name.ToLower(), ct)) throw new ConflictException($"The lost reason '{name}' exists.");
        reason.Name = name;
        await db.SaveChangesAsync(ct);
        return new LostReasonDto(reason.Id, reason.Name);
    }

    /// <summary>Removes a reason from the list; deals lost with it keep the text.</summary>
    public async Task DeleteLostReasonAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var reason = await db.LostReasons.SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("The lost reason was not found.");
        db.LostReasons.Remove(reason);
        await db.SaveChangesAsync(ct);
    }

    private static string CheckName(string? name)
    {
        var n = name?.Trim();
        if (string.IsNullOrEmpty(n)) throw new ValidationFailedException("name", "Required.");
        if (n.Length > 100) throw new ValidationFailedException("name", "At most 100 characters.");
        return n;
    }

    // Follow-up rules

    public sealed record StageRuleRequest(Guid? StageId = null, string? TaskTitle = null, int? DueInDays = null);

    public sealed class StageRuleValidator : AbstractValidator<StageRuleRequest>
    {
        public StageRuleValidator()
        {
            RuleFor(x => x.StageId).NotEmpty();
            RuleFor(x => x.TaskTitle).NotEmpty().MaximumLength(200);
            RuleFor(x => x.DueInDays).NotNull().InclusiveBetween(0, 365);
        }
    }

    public async Task<IReadOnlyList<StageRuleDto>> StageRulesAsync(Guid? stageId, CancellationToken ct)
    {
        var q = db.StageRules.AsNoTracking();
        if (stageId is { } s) q = q.Where(r => r.StageId == s);
        return await q.OrderBy(r => r.CreatedAt).Select(r => new StageRuleDto(r.Id, r.StageId, r.TaskTitle, r.DueInDays)).ToListAsync(ct);
    }

    public async Task<StageRuleDto> GetStageRuleAsync(Guid id, CancellationToken ct)
    {
        var r = await FindRuleAsync(id, ct);
        return new StageRuleDto(r.Id, r.StageId, r.TaskTitle, r.DueInDays);
    }

    public async Task<StageRuleDto> AddStageRuleAsync(StageRuleRequest r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        r = r with { TaskTitle = r.TaskTitle?.Trim() };
        new StageRuleValidator().EnsureValid(r);
        if (!await db.PipelineStages.AnyAsync(s => s.Id == r.StageId, ct)) throw new ValidationFailedException("stageId", "No such stage.");
        var rule = new StageRule { WorkspaceId = ctx.WorkspaceId, StageId = r.StageId!.Value, TaskTitle = r.TaskTitle!, DueInDays = r.DueInDays!.Value, CreatedAt = db.Now };
        db.StageRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return new StageRuleDto(rule.Id, rule.StageId, rule.TaskTitle, rule.DueInDays);
    }

    public async Task<StageRuleDto> UpdateStageRuleAsync(Guid id, StageRuleRequest patch, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var rule = await FindRuleAsync(id, ct);
        var r = new StageRuleRequest(patch.StageId ?? rule.StageId, (patch.TaskTitle ?? rule.TaskTitle).Trim(), patch.DueInDays ?? rule.DueInDays);
        new StageRuleValidator().EnsureValid(r);
        if (r.StageId != rule.StageId && !await db.PipelineStages.AnyAsync(s => s.Id == r.StageId, ct)) throw new ValidationFailedException("stageId", "No such stage.");
        rule.StageId = r.StageId!.Value;
        rule.TaskTitle = r.TaskTitle!;
        rule.DueInDays = r.DueInDays!.Value;
        await db.SaveChangesAsync(ct);
        return new StageRuleDto(rule.Id, rule.StageId, rule.TaskTitle, rule.DueInDays);
    }

    public async Task DeleteStageRuleAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        db.StageRules.Remove(await FindRuleAsync(id, ct));
        await db.SaveChangesAsync(ct);
    }

    private async Task<StageRule> FindRuleAsync(Guid id, CancellationToken ct) =>
        await db.StageRules.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("The rule was not found.");

    // Exchange rates

    public async Task<ExchangeRatesDto> ExchangeRatesAsync(CancellationToken ct)
    {
        var ws = ctx.WorkspaceId;
        var baseCurrency = await db.Workspaces.Where(w => w.Id == ws).Select(w => w.BaseCurrency).SingleOrDefaultAsync(ct) ?? "USD";
        var rates = await db.ExchangeRates.AsNoTracking().OrderBy(r => r.Currency).ToListAsync(ct);
        return new ExchangeRatesDto(baseCurrency, rates.Select(r => new ExchangeRateDto(r.Currency, r.Rate, r.UpdatedAt)).ToList());
    }

    public sealed record ExchangeRatesRequest(IReadOnlyDictionary<string, decimal>? Rates = null);

    /// <summary>Replaces the rates: <c>{"rates": {"EUR": 1.08, "GBP": 1.27}}</c> (base-currency units per unit). A currency left out has no rate any more.</summary>
    public async Task<ExchangeRatesDto> SetExchangeRatesAsync(ExchangeRatesRequest r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        if (r.Rates is null) throw new ValidationFailedException("rates", "Required: an object of currency → rate.");
        if (r.Rates.Count > 200) throw new ValidationFailedException("rates", "At most 200 currencies.");
        var errors = new Dictionary<string, string[]>();
        var wanted = new Dictionary<string, decimal>();
        foreach (var (code, rate) in r.Rates)
        {
            var c = Money.NormalizeCurrency(code);
            if (c is null) errors[$"rates.{code}"] = ["Must be an ISO 4217 code such as EUR."];
            else if (rate <= 0 || rate > 1_000_000) errors[$"rates.{code}"] = ["Must be a positive number (units of the base currency per unit)."];
            else wanted[c] = rate;
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        var now = db.Now;
        var existing = await db.ExchangeRates.ToListAsync(ct);
        foreach (var old in existing.Where(e => !wanted.ContainsKey(e.Currency))) db.ExchangeRates.Remove(old);
        foreach (var (c, rate) in wanted)
        {
            var row = existing.SingleOrDefault(e => e.Currency == c);
            if (row is null) db.ExchangeRates.Add(new ExchangeRate { WorkspaceId = ctx.WorkspaceId, Currency = c, Rate = rate, UpdatedAt = now });
            else if (row.Rate != rate) { row.Rate = rate; row.UpdatedAt = now; }
        }
        await db.SaveChangesAsync(ct);
        return await ExchangeRatesAsync(ct);
    }

    /// <summary>The converter the forecast and the metrics use.</summary>
    public async Task<CurrencyConverter> ConverterAsync(CancellationToken ct)
    {
        var rates = await ExchangeRatesAsync(ct);
        return new CurrencyConverter(rates.BaseCurrency, rates.Rates.ToDictionary(x => x.Currency, x => x.Rate));
    }
}
