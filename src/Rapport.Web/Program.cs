using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Rapport;
using Rapport.Activities;
using Rapport.Common;
using Rapport.Data;
using Rapport.Imports;
using Rapport.Duplicates;
using Rapport.Platform;
using Rapport.Web.Activities;
using Rapport.Web.Customers;
using Rapport.Web.Duplicates;
using Rapport.Web.Http;
using Rapport.Web.Leads;
using Rapport.Web.Imports;
using Rapport.Web.Platform;
using Rapport.Web.Sales;
using Rapport.Web.Search;
using Rapport.Web.Shared;

// Content (wwwroot, appsettings.json) comes from the app's own folder; the working directory is the
// user's (where data/rapport.db lives), which `dotnet run` keeps as the folder the command was typed in.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
    builder.WebHost.UseUrls("http://localhost:5000");

// The CRM: database + modules (src/Rapport), then their background jobs.
builder.Services.AddRapport(builder.Configuration);
builder.Services.AddPlatformJobs();
builder.Services.AddActivitiesJobs();
builder.Services.AddLeadsWeb(builder.Configuration);
builder.Services.AddImportJobs();
builder.Services.AddDuplicatesJobs();

// HTTP plumbing shared by every module.
builder.Services.AddRapportProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => JsonDefaults.Configure(o.SerializerOptions));
builder.Services.AddRapportAuthentication();
builder.Services.AddRapportRateLimits(builder.Configuration);
builder.Services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
builder.Services.AddDataProtection().SetApplicationName("Rapport");
builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
    new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
builder.Services.AddHealthChecks().AddDbContextCheck<RapportDb>("database", tags: ["ready"]);
builder.Services.AddRazorComponents();
builder.Services.AddHttpContextAccessor();
builder.Services.AddRapportOpenApi();
builder.Services.AddScoped<WorkspaceFormat>();
builder.Services.AddCustomersPages();
builder.Services.AddSalesPages();
builder.Services.AddDuplicatesPages();

var app = builder.Build();

if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStart)
    await app.Services.GetRequiredService<Migrator>().MigrateAsync();

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseExceptionHandler();
app.UseStatusCodePages(StatusPages.WriteAsync);
app.UseStaticFiles();
app.UseRouting();
app.UseJsonBodyLimit();
app.UseAuthentication();
app.UseRequestContext();
app.UseRateLimiter();
app.UseAuthorization();
app.UseAntiforgery();
app.UsePageAntiforgery();

app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
app.MapRapportOpenApi();

// API: /api/v1/...
app.MapSignUpApi();
app.MapPublicForms();
var api = app.MapApiRoot();
api.MapPlatformApi();
api.MapCustomersApi();
api.MapActivitiesApi();
api.MapSalesApi();
api.MapSearchApi();
api.MapLeadsApi();
api.MapImportsApi();
api.MapDuplicatesApi();

// UI: server-rendered pages + htmx fragments, one line per module, onto the anonymous and signed-in roots.
var open = app.MapOpenPages();
var ui = app.MapSignedInPages();
ui.MapPlatformPages(open);
ui.MapCustomersPages();
ui.MapActivitiesPages();
ui.MapSalesPages();
ui.MapLeadsPages();
ui.MapImportsPages();
ui.MapDuplicatesPages();
ui.MapSearchPages();

app.Run();

public partial class Program;
