using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Rapport.Tests.Infrastructure;
using Shouldly;

namespace Rapport.Tests.Imports;

public static class ImportHelpers
{
    public static MultipartFormDataContent Form(string csv, string entity = "contact", Dictionary<string, string>? fields = null, bool bom = false, string fileName = "people.csv")
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (bom) bytes = [.. Encoding.UTF8.GetPreamble(), .. bytes];
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { new StringContent(entity), "entity" } };
        foreach (var (k, v) in fields ?? []) form.Add(new StringContent(v), k);
        form.Add(file, "file", fileName);
        return form;
    }

    /// <summary>Uploads, waits for the import to finish, returns its report.</summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient api, string csv, string entity = "contact", Dictionary<string, string>? fields = null, bool bom = false)
    {
        var created = await (await api.PostAsync("/api/v1/imports", Form(csv, entity, fields, bom))).ShouldBeAsync(HttpStatusCode.Accepted);
        return await api.WaitAsync(created.GetProperty("id").GetString()!);
    }

    public static async Task<JsonElement> WaitAsync(this HttpClient api, string id)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var report = await (await api.GetAsync($"/api/v1/imports/{id}")).ShouldBeAsync(HttpStatusCode.OK);
            var status = report.GetProperty("status").GetString();
            if (status is "completed" or "failed") return report;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Import {id} still {status}");
            await Task.Delay(100);
        }
    }

    public static (int Created, int Updated, int Skipped, int Failed) Counts(this JsonElement report)
    {
        var c = report.GetProperty("counts");
        return (c.GetProperty("created").GetInt32(), c.GetProperty("updated").GetInt32(), c.GetProperty("skipped").GetInt32(), c.GetProperty("failed").GetInt32());
    }

    public static List<(int Row, string? Column, string Message)> Errors(this JsonElement report) =>
        report.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("message").GetString()!)).ToList();

    public static async Task<List<JsonElement>> ContactsAsync(this HttpClient api, string query = "")
    {
        var list = await (await api.GetAsync($"/api/v1/contacts?limit=200{query}")).ShouldBeAsync(HttpStatusCode.OK);
        return list.GetProperty("items").EnumerateArray().ToList();
    }
}
