using System.Net;
using System.Net.Sockets;
using System.Text;
using Consultation.Application.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Consultation.Application.Tests;

public sealed class EmailTests : IDisposable
{
    private static readonly OutgoingMail Receipt = new("Noor Newcomer <noor@example.org>", "Your submission was received", "Received — thank you.\n", "<p>Received — thank you.</p>");

    private readonly string _folder = Directory.CreateTempSubdirectory("consultation-mail-tests-").FullName;

    [Fact]
    public async Task The_pickup_folder_mailer_writes_a_message_any_mail_reader_can_open()
    {
        await MailerFor(new() { ["Email:PickupDirectory"] = _folder }).SendAsync(Receipt);

        var file = Assert.Single(Directory.GetFiles(_folder));
        Assert.EndsWith(".eml", file);
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("noor@example.org", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("no-reply@consultation.invalid", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("Your submission was received", message.Subject);
        Assert.Equal("Received — thank you.", message.TextBody?.Trim());
        Assert.Equal("<p>Received — thank you.</p>", message.HtmlBody?.Trim());
        // RFC 5322: every line ends in CRLF, and non-ASCII text travels in a transfer encoding.
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.DoesNotMatch("[^\r]\n", Encoding.Latin1.GetString(bytes));
        Assert.DoesNotContain(bytes, b => b >= 128);
    }

    [Fact]
    public async Task Two_messages_make_two_files_that_list_in_the_order_they_were_sent()
    {
        var mailer = MailerFor(new() { ["Email:PickupDirectory"] = _folder });
        await mailer.SendAsync(Receipt with { Subject = "first" });
        await mailer.SendAsync(Receipt with { Subject = "second" });

        var files = Directory.GetFiles(_folder).Order(StringComparer.Ordinal);
        Assert.Equal(["first", "second"], files.Select(file => MimeMessage.Load(file).Subject));
    }

    [Fact]
    public async Task Without_a_pickup_directory_mail_goes_to_the_mail_folder_of_the_data_directory()
    {
        await MailerFor(new() { ["Consultation:DataDirectory"] = _folder }).SendAsync(Receipt);

        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "mail"), "*.eml"));
    }

    [Fact]
    public async Task With_an_smtp_host_mail_is_handed_to_that_server_and_not_written_to_the_folder()
    {
        using var server = new OneMessageSmtpServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var mailer = MailerFor(new()
        {
            ["Email:PickupDirectory"] = _folder,
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = server.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
        });

        await mailer.SendAsync(Receipt, timeout.Token);

        var (recipients, data) = await server.Received.WaitAsync(timeout.Token);
        Assert.Equal(["<noor@example.org>"], recipients);
        Assert.Equal("Your submission was received", MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(data))).Subject);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_recipient_the_smtp_server_refuses_for_good_is_reported_as_refused()
    {
        using var server = new OneMessageSmtpServer(refuseRecipients: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var mailer = MailerFor(new()
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = server.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
        });

        var refused = await Assert.ThrowsAsync<MailRefusedException>(() => mailer.SendAsync(Receipt, timeout.Token));
        Assert.Contains("550", refused.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The mailer as the application registers it, over the given settings.</summary>
    private static IMailer MailerFor(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddApplication(configuration)
            .BuildServiceProvider().GetRequiredService<IMailer>();
    }

    /// <summary>Just enough of an SMTP server (no extensions, no TLS) on loopback to take one message.</summary>
    /// <param name="refuseRecipients">Answer every RCPT TO with 550 (no such user), as a server refusing an address for good.</param>
    private sealed class OneMessageSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly bool _refuseRecipients;

        public OneMessageSmtpServer(bool refuseRecipients = false)
        {
            _refuseRecipients = refuseRecipients;
            _listener.Start();
            Received = ServeOneAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>The RCPT TO addresses and the DATA of the message.</summary>
        public Task<(List<string> Recipients, string Data)> Received { get; }

        private async Task<(List<string>, string)> ServeOneAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\r\n" };
            var recipients = new List<string>();
            var data = new StringBuilder();
            await writer.WriteLineAsync("220 localhost");
            while (await reader.ReadLineAsync() is { } command)
            {
                if (command.StartsWith("RCPT TO:", StringComparison.OrdinalIgnoreCase))
                {
                    if (_refuseRecipients)
                    {
                        await writer.WriteLineAsync("550 5.1.1 no such user");
                        continue;
                    }
                    recipients.Add(command[8..].Trim());
                }
                if (command.Equals("QUIT", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync("221 bye");
                    break;
                }
                if (!command.Equals("DATA", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync("250 ok");
                    continue;
                }
                await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                while (await reader.ReadLineAsync() is { } line and not ".")
                    data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n"); // undo dot-stuffing
                await writer.WriteLineAsync("250 queued");
            }
            return (recipients, data.ToString());
        }

        public void Dispose() => _listener.Stop();
    }
}
