using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Rapport.Common;
using Rapport.Data;

namespace Rapport.Sales.Features;

public sealed record StageDto(Guid Id, string Name, int Probability, string Type, int? RottingDays)
{
    public static StageDto From(PipelineStage s) => new(s.Id, s.Name, s.Probability, s.Type, s.RottingDays);
}

public sealed record PipelineDto(Guid Id, string Name, IReadOnlyList<StageDto> Stages, long Version)
{
    public static PipelineDto From(Pipeline p) => new(p.Id, p.Name, p.Stages.OrderBy(s => s.Position).Select(StageDto.From).ToList(), p.Version);
}

/// <summary>
/// Pipelines and their stages. POST takes the stages without ids and answers with their ids; PATCH
/// renames, reorders (the stages array in the new order, existing stages by id), changes and adds
/// stages (items without an id); a stage is removed only by DELETE …/stages/{stageId}?moveDealsTo=,
/// which first moves its deals (those in the trash too) to another stage, with stage history.
/// Won stages have probability 100, lost stages 0; a pipeline keeps at least one open stage.
/// Changing pipelines is for owners and admins (it is Settings).
/// </summary>
public sealed class ManagePipelines(RapportDb db, RequestContext ctx, DealAccess access)
{
    public sealed record StageInput(Guid? Id = null, string? Name = null, int? Probability = null, string? Type = null, int? RottingDays = null);
    public sealed record Request(string? Name = null, IReadOnlyList<StageInput>? Stages = null);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
            RuleFor(x => x.Stages).NotEmpty().WithMessage("A pipeline needs at least one stage.");
            RuleFor(x => x.Stages).Must(s => s!.Count <= 30).When(x => x.Stages is not null).WithMessage("At most 30 stages.");
            RuleFor(x => x.Stages).Must(s => s!.Any(x => x.Type == StageTypes.Open))
                .When(x => x.Stages is { Count: > 0 } && x.Stages.All(s => StageTypes.All.Contains(s.Type)))
                .WithMessage("A pipeline needs at least one open stage.");
            RuleFor(x => x.Stages).Must(s => s!.Select(x => x.Name?.Trim().ToLowerInvariant()).Distinct().Count() == s!.Count)
                .When(x => x.Stages is not null).WithMessage("Stage names must be different.");
            RuleForEach(x => x.Stages).ChildRules(s =>
            {
                s.RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
                s.RuleFor(x => x.Type).NotEmpty().Must(t => StageTypes.All.Contains(t)).WithMessage($"Must be one of: {string.Join(", ", StageTypes.All)}.");
                s.RuleFor(x => x.Probability).NotNull().InclusiveBetween(0, 100);
                s.RuleFor(x => x.Probability).Equal(100).When(x => x.Type == StageTypes.Won).WithMessage("A won stage's probability is 100.");
                s.RuleFor(x => x.Probability).Equal(0).When(x => x.Type == StageTypes.Lost).WithMessage("A lost stage's probability is 0.");
                s.RuleFor(x => x.RottingDays).InclusiveBetween(1, 3650);
            });
        }
    }

    public async Task<IReadOnlyList<PipelineDto>> ListAsync(CancellationToken ct) =>
        (await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderBy(p => p.Position).ThenBy(p => p.CreatedAt).ToListAsync(ct))
        .Select(PipelineDto.From).ToList();

    public async Task<PipelineDto> GetAsync(Guid id, CancellationToken ct) => PipelineDto.From(await FindAsync(id, ct));

    public async Task<PipelineDto> CreateAsync(Request r, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        r = Normalize(r);
        if (r.Stages?.Any(s => s.Id is not null) == true)
            throw new ValidationFailedException("stages", "New stages have no id.");
        new Validator().EnsureValid(r);
        var now = db.Now;
        var position = await db.Pipelines.Select(p => (int?)p.Position).MaxAsync(ct) ?? -1;
        var pipeline = new Pipeline { WorkspaceId = ctx.WorkspaceId, Name = r.Name!, Position = position + 1, CreatedAt = now, UpdatedAt = now };
        for (var i = 0; i < r.Stages!.Count; i++)
            pipeline.Stages.Add(NewStage(pipeline, r.Stages[i], i));
        db.Pipelines.Add(pipeline);
        db.Publish(new PipelineCreated(pipeline.Id));
        await db.SaveChangesAsync(ct);
        return PipelineDto.From(pipeline);
    }

    /// <summary>The standard pipeline (what the demo uses), for a workspace that has none yet.</summary>
    public static Request Standard(string name = "New business") => new(name,
    [
        new(Name: "Qualification", Probability: 10, Type: StageTypes.Open, RottingDays: 14),
        new(Name: "Discovery", Probability: 25, Type: StageTypes.Open, RottingDays: 14),
        new(Name: "Proposal", Probability: 50, Type: StageTypes.Open, RottingDays: 10),
        new(Name: "Negotiation", Probability: 75, Type: StageTypes.Open, RottingDays: 7),
        new(Name: "Won", Probability: 100, Type: StageTypes.Won),
        new(Name: "Lost", Probability: 0, Type: StageTypes.Lost),
    ]);

    /// <summary>
    /// Renames the pipeline and/or sets its stages: the array in the new order, existing stages by id
    /// (their fields replaced), new ones without. Every existing stage must be listed.
    /// </summary>
    public async Task<PipelineDto> UpdateAsync(Guid id, Request patch, long? ifMatchVersion, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var pipeline = await FindAsync(id, ct, track: true);
        if (ifMatchVersion is { } v && v != pipeline.Version) throw new PreconditionFailedException();
        var current = pipeline.Stages.OrderBy(s => s.Position).ToList();
        var r = Normalize(new Request(patch.Name ?? pipeline.Name,
            patch.Stages ?? current.Select(s => new StageInput(s.Id, s.Name, s.Probability, s.Type, s.RottingDays)).ToList()));
        new Validator().EnsureValid(r);
        var byId = current.ToDictionary(s => s.Id);
        var listed = r.Stages!.Where(s => s.Id is not null).Select(s => s.Id!.Value).ToList();
        var unknown = listed.Where(x => !byId.ContainsKey(x)).ToList();
        if (unknown.Count > 0) throw new ValidationFailedException("stages", $"The stage {unknown[0]} is not a stage of this pipeline.");
        if (listed.Distinct().Count() != listed.Count) throw new ValidationFailedException("stages", "A stage is listed twice.");
        var missing = current.Where(s => !listed.Contains(s.Id)).ToList();
        if (missing.Count > 0)
            throw new ValidationFailedException("stages", $"The stage '{missing[0].Name}' is missing: delete a stage with DELETE /api/v1/pipelines/{id}/stages/{missing[0].Id}?moveDealsTo=…, which moves its deals.");
        // A stage with deals keeps its type: a won deal in a stage that became open would be neither.
        foreach (var s in r.Stages!.Where(s => s.Id is not null))
        {
            var stage = byId[s.Id!.Value];
            if (stage.Type != s.Type && await db.Deals.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).AnyAsync(d => d.StageId == stage.Id, ct))
                throw new ValidationFailedException("stages", $"The stage '{stage.Name}' has deals, so its type cannot change.");
        }
        pipeline.Name = r.Name!;
        for (var i = 0; i < r.Stages!.Count; i++)
        {
            var s = r.Stages[i];
            if (s.Id is { } stageId)
            {
                var stage = byId[stageId];
                stage.Name = s.Name!;
                stage.Probability = s.Probability!.Value;
                stage.Type = s.Type!;
                stage.RottingDays = s.RottingDays;
                stage.Position = i;
            }
            else pipeline.Stages.Add(NewStage(pipeline, s, i));
        }
        pipeline.UpdatedAt = db.Now;
        db.Entry(pipeline).Property(p => p.UpdatedAt).IsModified = true;
        await db.SaveChangesAsync(ct);
        return PipelineDto.From(pipeline);
    }

    /// <summary>Deletes a stage (to the trash), moving its deals to <paramref name="moveDealsTo"/> first; 409 when it has deals and no target is given.</summary>
    public async Task<PipelineDto> DeleteStageAsync(Guid pipelineId, Guid stageId, Guid? moveDealsTo, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var pipeline = await FindAsync(pipelineId, ct, track: true);
        var stage = pipeline.Stages.SingleOrDefault(s => s.Id == stageId) ?? throw new NotFoundException("The stage was not found.");
        if (pipeline.Stages.Count(s => s.Type == StageTypes.Open && s.Id != stageId) == 0)
            throw new ConflictException("A pipeline keeps at least one open stage.");
        var deals = await db.Deals.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(d => d.StageId == stageId).ToListAsync(ct);
        if (deals.Count > 0)
        {
            if (moveDealsTo is not { } targetId)
                throw new ConflictException($"The stage has {deals.Count} deal(s): say where they go with ?moveDealsTo=<stage id>.");
            if (targetId == stageId) throw new ValidationFailedException("moveDealsTo", "Must be another stage.");
            var target = await db.PipelineStages.SingleOrDefaultAsync(s => s.Id == targetId, ct)
                ?? throw new ValidationFailedException("moveDealsTo", "No such stage.");
            var actor = await access.ActingUserIdAsync(ct);
            var now = db.Now;
            var open = await db.DealStageHistory.Where(h => h.StageId == stageId && h.LeftAt == null).ToListAsync(ct);
            foreach (var h in open) h.LeftAt = now;
            foreach (var deal in deals)
            {
                DealRules.EnterStage(db, deal, target, actor, now);
                db.Publish(new DealStageChanged(deal.Id, stageId, target.Id));
            }
        }
        db.PipelineStages.Remove(stage);
        pipeline.UpdatedAt = db.Now;
        db.Entry(pipeline).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        return PipelineDto.From(await FindAsync(pipelineId, ct));
    }

    /// <summary>Deletes a pipeline without deals (409 otherwise: move or delete them first).</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        ctx.EnsureAdmin();
        var pipeline = await FindAsync(id, ct, track: true);
        if (await db.Deals.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).AnyAsync(d => d.PipelineId == id, ct))
            throw new ConflictException("The pipeline has deals: move them to another pipeline (or delete them for good) first.");
        var stageIds = await db.PipelineStages.IgnoreQueryFilters([RapportDb.SoftDeleteFilter]).Where(s => s.PipelineId == id).ToListAsync(ct);
        foreach (var s in stageIds) db.Purge(s);
        db.Pipelines.Remove(pipeline);
        db.Publish(new PipelineDeleted(id));
        await db.SaveChangesAsync(ct);
    }

    private async Task<Pipeline> FindAsync(Guid id, CancellationToken ct, bool track = false)
    {
        var q = db.Pipelines.Include(p => p.Stages).AsQueryable();
        if (!track) q = q.AsNoTracking();
        return await q.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("The pipeline was not found.");
    }

    private PipelineStage NewStage(Pipeline p, StageInput s, int position) => new()
    {
        WorkspaceId = ctx.WorkspaceId, PipelineId = p.Id, Name = s.Name!, Probability = s.Probability!.Value,
        Type = s.Type!, RottingDays = s.RottingDays, Position = position,
    };

    private static Request Normalize(Request r) => r with
    {
        Name = r.Name?.Trim(),
        Stages = r.Stages?.Select(s => s with
        {
            Name = s.Name?.Trim(),
            Type = s.Type ?? StageTypes.Open,
            Probability = s.Probability ?? (s.Type == StageTypes.Won ? 100 : s.Type == StageTypes.Lost ? 0 : null),
        }).ToList(),
    };
}
