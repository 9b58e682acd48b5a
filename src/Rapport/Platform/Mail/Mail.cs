using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;
using Rapport.Common;
using Rapport.Data;
using Rapport.Platform.Outbox;

namespace Rapport.Platform.Mail;

/// <summary>
/// Where mail goes (<c>Rapport:Mail</c>): an SMTP server, and the address that links in mails point
/// at (<c>Rapport:PublicUrl</c>, since the outbox worker that sends a mail has no request to read
/// it from). Without a host, mails are written to the log instead, so a first run still shows its
/// invitation and reset links.
/// </summary>
public sealed class MailOptions
{
    public string? Host { get; init; }
    public int Port { get; init; } = 25;
    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Security { get; init; } = SecureSocketOptions.Auto;
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string From { get; init; } = "Rapport <rapport@localhost>";
    public string PublicUrl { get; init; } = "http://localhost:5000";

    public static MailOptions Read(IConfiguration config)
    {
        var section = config.GetSection("Rapport:Mail");
        return new MailOptions
        {
            Host = section["Host"],
            Port = section.GetValue("Port", 25),
            Security = Enum.TryParse<SecureSocketOptions>(section["Security"], true, out var s) ? s : SecureSocketOptions.Auto,
            Username = section["Username"],
            Password = section["Password"],
            From = section["From"] ?? "Rapport <rapport@localhost>",
            PublicUrl = (config["Rapport:PublicUrl"] ?? "http://localhost:5000").TrimEnd('/'),
        };
    }

    public string Url(string path) => PublicUrl + path;
}

/// <summary>
/// A mail to one person, queued in the outbox in the transaction of the change that causes it (an
/// invitation, a reset link), so it is sent once that change commits and retried until it is.
/// An outbox command rather than a domain event: not for webhooks (its text may hold a secret link).
/// </summary>
[System.ComponentModel.Description("A mail to send to one person (internal: not for webhooks; the text is replaced once sent or logged).")]
public sealed record MailPayload(string To, string Subject, string Text) : IEvent
{
    public const string EventType = "mail.send";
    public static string EventName => EventType;

    public static void Queue(RapportDb db, string to, string subject, string text) =>
        db.Publish(new MailPayload(to, subject, text));
}

/// <summary>Sends queued mails over SMTP with MailKit; the outbox message id is the Message-Id, so a retry is recognisable.</summary>
public sealed class MailSender(MailOptions options, ILogger<MailSender> log) : IOutboxHandler<MailPayload>
{
    public async Task HandleAsync(MailPayload mail, OutboxMessage message, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.Host))
        {
            log.LogWarning("No mail server is set (Rapport:Mail:Host), so this mail to {To} is only logged. Subject: {Subject}\n{Text}",
                mail.To, mail.Subject, mail.Text);
            message.Payload = JsonSerializer.Serialize(mail with { Text = "(logged; the text is not kept)" }, JsonDefaults.Options);
            return;
        }
        var mime = new MimeMessage { Subject = mail.Subject, MessageId = $"{message.Id}@rapport", Body = new TextPart("plain") { Text = mail.Text } };
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(mail.To));
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(options.Host, options.Port, options.Security, ct);
        if (!string.IsNullOrEmpty(options.Username)) await smtp.AuthenticateAsync(options.Username, options.Password ?? "", ct);
        await smtp.SendAsync(mime, ct);
        await smtp.DisconnectAsync(true, ct);
        // The text held a one-time link: once sent, the outbox keeps who and what, not the secret.
        message.Payload = JsonSerializer.Serialize(mail with { Text = "(sent; the text is not kept)" }, JsonDefaults.Options);
    }
}
