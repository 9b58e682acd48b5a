using System.Net;
using Rapport.Data;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests;

public class SmokeTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Health_endpoints_answer(DatabaseProvider provider)
    {
        await using var app = new RapportApp(provider);
        using var client = app.CreateClient();
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
