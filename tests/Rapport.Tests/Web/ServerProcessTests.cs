using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Shouldly;

namespace Rapport.Tests.Web;

/// <summary>
/// The README's first command, as a real process: the built server started from an empty folder
/// creates data/rapport.db there, serves its static files (its content root is its own folder), and
/// answers health checks. WebApplicationFactory sets its own content root, so only this catches a
/// server that runs but serves pages without CSS.
/// </summary>
public class ServerProcessTests
{
    private static string WebDll([System.Runtime.CompilerServices.CallerFilePath] string here = "")
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        return Path.Combine(root, "src", "Rapport.Web", "bin", configuration, "net10.0", "Rapport.Web.dll");
    }

    [Fact]
    public async Task The_server_started_in_an_empty_folder_keeps_its_data_there_and_serves_its_assets()
    {
        var folder = Directory.CreateTempSubdirectory("rapport-run-").FullName;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(WebDll());
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = false;
            for (var i = 0; i < 200 && !ready; i++)
            {
                try { ready = (await http.GetAsync("/health/ready")).IsSuccessStatusCode; }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            ready.ShouldBeTrue("the server did not become ready");
            File.Exists(Path.Combine(folder, "data", "rapport.db")).ShouldBeTrue();

            var css = await http.GetAsync("/css/app.css");
            css.StatusCode.ShouldBe(HttpStatusCode.OK);
            css.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
            (await http.GetAsync("/lib/htmx/htmx.min.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var setup = await http.GetAsync("/setup");
            (await setup.Content.ReadAsStringAsync()).ShouldContain("/css/app.css");

            // Production answers bad input the same way as Development: a 400 problem, never a 500.
            var malformed = await http.PostAsync("/api/v1/signup", new StringContent("{\"workspaceName\":", System.Text.Encoding.UTF8, "application/json"));
            malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            malformed.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
