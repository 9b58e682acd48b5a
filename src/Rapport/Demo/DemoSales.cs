using Rapport.Common;
using Rapport.Data;
using Rapport.Sales;

namespace Rapport.Demo;

/// <summary>
/// The demo's sales data: the pipeline "New business" (Qualification 10 %, Discovery 25 %, Proposal
/// 50 %, Negotiation 75 %, Won, Lost), a few products, lost reasons, a follow-up rule, exchange rates
/// and 150 deals on the demo's accounts with their stage history spread over the last nine months
/// (so the board, the forecast and the metrics have something to show). Deterministic (fixed seed);
/// inserted in the demo's transaction, after the contacts and accounts.
/// </summary>
internal static class DemoSales
{
    public const int DealCount = 150;

    private static readonly (string Sku, string Name, decimal Price)[] Products =
    [
        ("SEAT-Y", "CRM seat, annual", 480m), ("ONBOARD", "Onboarding package", 2500m), ("SUPPORT-P", "Premium support, annual", 3600m),
        ("MIGRATE", "Data migration", 1500m), ("TRAIN-D", "Training day", 1200m),
    ];
    private static readonly string[] LostReasons = ["Price", "Timing", "Chose a competitor", "No budget", "No decision"];
    private static readonly string[] NextSteps =
    [
        "Send the revised quote", "Book a demo with their IT team", "Call about the pilot results", "Get the security questionnaire back",
        "Meet the CFO", "Agree the rollout plan", "Send references", "Confirm the budget",
    ];
    private static readonly string[] Offers = ["team rollout", "renewal", "expansion", "pilot", "upgrade", "new department", "annual plan"];
    /// <summary>USD per unit, for the demo's rates (CHF is left without a rate on purpose: the forecast lists such deals apart).</summary>
    private static readonly Dictionary<string, decimal> UsdPerUnit = new() { ["USD"] = 1m, ["EUR"] = 1.08m, ["GBP"] = 1.27m, ["AUD"] = 0.66m, ["CAD"] = 0.73m };

    public static async Task<int> AddAsync(RapportDb db, Guid workspaceId, DemoDataset data, IReadOnlyList<DemoMember> members, string baseCurrency,
        DateTime now, CancellationToken ct)
    {
        var r = new Random(SeedDemoData.Seed + 5);
        var pipeline = new Pipeline { WorkspaceId = workspaceId, Name = "New business", CreatedAt = now.AddDays(-300), UpdatedAt = now.AddDays(-300) };
        var standard = Sales.Features.ManagePipelines.Standard().Stages!;
        for (var i = 0; i < standard.Count; i++)
            pipeline.Stages.Add(new PipelineStage
            {
                WorkspaceId = workspaceId, PipelineId = pipeline.Id, Name = standard[i].Name!, Probability = standard[i].Probability!.Value,
                Type = standard[i].Type!, RottingDays = standard[i].RottingDays, Position = i,
            });
        var open = pipeline.Stages.Where(s => s.Type == StageTypes.Open).ToList();
        var won = pipeline.Stages.Single(s => s.Type == StageTypes.Won);
        var lost = pipeline.Stages.Single(s => s.Type == StageTypes.Lost);
        db.Pipelines.Add(pipeline);

        var products = Products.Select(p => new Product
        {
            WorkspaceId = workspaceId, Sku = p.Sku, Name = p.Name, Price = p.Price, Currency = baseCurrency, CreatedAt = now.AddDays(-300), UpdatedAt = now.AddDays(-300),
        }).ToList();
        db.Products.AddRange(products);
        db.LostReasons.AddRange(LostReasons.Select((n, i) => new LostReason { WorkspaceId = workspaceId, Name = n, Position = i }));
        db.StageRules.Add(new StageRule { WorkspaceId = workspaceId, StageId = open[2].Id, TaskTitle = "Send the proposal", DueInDays = 2, CreatedAt = now.AddDays(-300) });
        if (UsdPerUnit.TryGetValue(baseCurrency, out var baseUsd))
            foreach (var (code, usd) in UsdPerUnit.Where(x => x.Key != baseCurrency))
                db.ExchangeRates.Add(new ExchangeRate { WorkspaceId = workspaceId, Currency = code, Rate = Math.Round(usd / baseUsd, 4), UpdatedAt = now.AddDays(-1) });
        var foreign = UsdPerUnit.Keys.Where(c => c != baseCurrency).Take(2).ToArray();

        var accounts = data.Accounts;
        var peopleByAccount = data.Contacts.SelectMany(c => c.Accounts.Select(a => (a.AccountId, Contact: c)))
            .GroupBy(x => x.AccountId).ToDictionary(g => g.Key, g => g.Select(x => x.Contact).ToList());
        var owners = members.Where(m => m.Role is not (Roles.Marketing or Roles.Support)).ToList();
        if (owners.Count == 0) owners = members.ToList();

        for (var n = 0; n < DealCount; n++)
        {
            var account = accounts[r.Next(accounts.Count)];
            var people = peopleByAccount.GetValueOrDefault(account.Id) ?? [];
            var created = Day(now.AddDays(-r.Next(3, 270)), r);
            var currency = r.NextDouble() switch { < 0.08 => foreign.ElementAtOrDefault(0) ?? baseCurrency, < 0.12 => foreign.ElementAtOrDefault(1) ?? baseCurrency, < 0.133 => "CHF", _ => baseCurrency };
            var deal = new Deal
            {
                WorkspaceId = workspaceId, Name = $"{account.Name} — {Offers[r.Next(Offers.Length)]}", PipelineId = pipeline.Id,
                Currency = currency, OwnerId = account.OwnerId ?? (owners.Count > 0 ? owners[r.Next(owners.Count)].UserId : null),
                AccountId = account.Id, CreatedAt = created, CreatedByUserId = account.OwnerId,
            };
            // Line items (in the base currency, from the catalog) for most deals; a typed amount otherwise.
            if (currency == baseCurrency && r.NextDouble() < 0.6)
            {
                var picks = products.OrderBy(_ => r.Next()).Take(r.Next(1, 4)).ToList();
                for (var i = 0; i < picks.Count; i++)
                {
                    var p = picks[i];
                    var qty = p.Sku == "SEAT-Y" ? r.Next(5, 120) : r.Next(1, 4);
                    var discount = r.NextDouble() < 0.4 ? new[] { 5m, 10m, 15m, 20m }[r.Next(4)] : 0m;
                    deal.LineItems.Add(new DealLineItem { WorkspaceId = workspaceId, DealId = deal.Id, Position = i, ProductId = p.Id, Quantity = qty, UnitPrice = p.Price, Discount = discount });
                }
                deal.Amount = deal.LineItems.Sum(l => Money.LineTotal(l.Quantity, l.UnitPrice, l.Discount));
            }
            else deal.Amount = r.Next(4, 160) * 500m;
            for (var i = 0; i < Math.Min(people.Count, r.Next(1, 3)); i++)
                deal.Contacts.Add(new DealContact { WorkspaceId = workspaceId, DealId = deal.Id, ContactId = people[i].Id, Position = i, Role = i == 0 ? "decisionMaker" : "champion" });

            // The walk through the stages: a few days to weeks in each, stopping at today, won, or lost.
            var outcome = r.NextDouble();   // < 0.32 won, < 0.52 lost, else still open
            var lastOpen = outcome < 0.52 ? (outcome < 0.32 ? open.Count - 1 : r.Next(open.Count)) : r.Next(open.Count);
            var at = created;
            PipelineStage? from = null;
            DealStageVisit? previous = null;
            var stage = open[0];
            for (var i = 0; ; i++)
            {
                var next = i <= lastOpen ? open[i] : outcome < 0.32 ? won : lost;
                if (i > 0 && at > now) break;
                if (previous is not null) previous.LeftAt = at;
                stage = next;
                previous = new DealStageVisit { WorkspaceId = workspaceId, DealId = deal.Id, StageId = stage.Id, FromStageId = from?.Id, EnteredAt = at, ChangedByUserId = deal.OwnerId };
                db.DealStageHistory.Add(previous);
                from = stage;
                if (stage.Type != StageTypes.Open || (i >= lastOpen && outcome >= 0.52)) break;
                at = Day(at.AddDays(r.Next(3, 25)), r);
            }
            deal.StageId = stage.Id;
            deal.StageEnteredAt = previous!.EnteredAt;
            deal.UpdatedAt = deal.StageEnteredAt;
            if (stage.Type == StageTypes.Won) { deal.WonAt = deal.StageEnteredAt; deal.ForecastCategory = ForecastCategories.Closed; deal.ExpectedCloseDate = DateOnly.FromDateTime(deal.StageEnteredAt); }
            else if (stage.Type == StageTypes.Lost)
            {
                deal.LostAt = deal.StageEnteredAt;
                deal.ForecastCategory = ForecastCategories.Closed;
                deal.LostReason = LostReasons[r.Next(LostReasons.Length)];
                deal.ExpectedCloseDate = DateOnly.FromDateTime(deal.StageEnteredAt);
            }
            else
            {
                deal.ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(r.NextDouble() < 0.1 ? -r.Next(1, 20) : r.Next(5, 150)));
                deal.ForecastCategory = stage.Position switch
                {
                    3 when r.NextDouble() < 0.6 => ForecastCategories.Commit,
                    2 or 3 when r.NextDouble() < 0.5 => ForecastCategories.BestCase,
                    _ => ForecastCategories.Pipeline,
                };
                deal.NextStep = r.NextDouble() < 0.75 ? NextSteps[r.Next(NextSteps.Length)] : null;
            }
            db.Deals.Add(deal);
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return DealCount;
    }

    /// <summary>A business-hours time on that day (UTC), so history does not happen at 3 a.m.</summary>
    private static DateTime Day(DateTime at, Random r) =>
        new DateTime(at.Year, at.Month, at.Day, 8 + r.Next(9), r.Next(60), 0, DateTimeKind.Utc);
}
