package chokepoint.alerts.delivery;

import chokepoint.config.EmailSettings;
import chokepoint.records.Breach;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.util.List;
import java.util.Properties;
import java.util.function.BiFunction;

/**
 * Sends mail through the configured SMTP server with Jakarta Mail (Eclipse Angus): multipart/alternative with a
 * text and an HTML part, a {@code List-Unsubscribe} header (RFC 2369) with one-click unsubscribe (RFC 8058).
 * The password goes only to the server; errors name the reply code, never the settings.
 */
public final class EmailSender implements ChannelSender {

    private final EmailSettings.Smtp smtp;
    private final Session session;
    private final String pageUrl;
    private final BiFunction<Recipient, String, String> unsubscribeLink;
    private final PreviouslyTold told;

    public EmailSender(EmailSettings.Smtp smtp, String pageUrl, BiFunction<Recipient, String, String> unsubscribeLink) {
        this(smtp, pageUrl, unsubscribeLink, PreviouslyTold.NOTHING);
    }

    /**
     * @param unsubscribeLink the signed unsubscribe URL for a recipient and its address
     * @param told            what each recipient was last told of a breach: the message says what is new since
     */
    public EmailSender(EmailSettings.Smtp smtp, String pageUrl, BiFunction<Recipient, String, String> unsubscribeLink,
                       PreviouslyTold told) {
        this.told = told;
        this.smtp = smtp;
        this.pageUrl = pageUrl;
        this.unsubscribeLink = unsubscribeLink;
        Properties props = new Properties();
        String protocol = "ssl".equals(smtp.security()) ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", smtp.host());
        props.put("mail." + protocol + ".port", Integer.toString(smtp.port()));
        String millis = Long.toString(smtp.timeout().toMillis());
        props.put("mail." + protocol + ".connectiontimeout", millis);
        props.put("mail." + protocol + ".timeout", millis);
        props.put("mail." + protocol + ".writetimeout", millis);
        if ("starttls".equals(smtp.security())) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if ("ssl".equals(smtp.security())) {
            props.put("mail.smtps.ssl.checkserveridentity", "true");
        }
        boolean auth = smtp.username() != null && !smtp.username().isBlank();
        props.put("mail." + protocol + ".auth", Boolean.toString(auth));
        this.session = auth ? Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.username(), smtp.password());
            }
        }) : Session.getInstance(props);
    }

    @Override
    public DeliveryOutcome send(Recipient recipient, List<Breach> breaches) {
        return send(recipient.target(), EmailMessage.ofNews(BreachNews.of(breaches, recipient.key(), told, pageUrl), pageUrl,
                unsubscribeLink.apply(recipient, recipient.target())));
    }

    public DeliveryOutcome send(String to, EmailMessage content) {
        MimeMessage message = new MimeMessage(session);
        try {
            message.setFrom(new InternetAddress(smtp.from(), true));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            message.setSubject(content.subject(), "UTF-8");
            message.setHeader("List-Unsubscribe", "<" + content.unsubscribeUrl() + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.setHeader("Auto-Submitted", "auto-generated");
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(content.html(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            message.saveChanges();
        } catch (AddressException e) {
            return DeliveryOutcome.smtp(553, "not a valid address");
        } catch (MessagingException e) {
            return DeliveryOutcome.smtp(554, "the message could not be built: " + e.getClass().getSimpleName());
        }
        try {
            Transport.send(message);
            return DeliveryOutcome.smtp(250, "SMTP 250");
        } catch (SMTPAddressFailedException e) {
            return DeliveryOutcome.smtp(e.getReturnCode(), "SMTP " + e.getReturnCode() + " for the recipient");
        } catch (SMTPSendFailedException e) {
            return DeliveryOutcome.smtp(e.getReturnCode(), "SMTP " + e.getReturnCode());
        } catch (SendFailedException e) {
            if (e.getNextException() instanceof SMTPAddressFailedException refused) {
                return DeliveryOutcome.smtp(refused.getReturnCode(), "SMTP " + refused.getReturnCode() + " for the recipient");
            }
            return DeliveryOutcome.smtp(450, "sending failed: " + e.getClass().getSimpleName());
        } catch (MessagingException e) {
            // Connection refused, timeouts, TLS trouble: perhaps better later.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return DeliveryOutcome.noAnswer("SMTP server unreachable: " + cause.getClass().getSimpleName());
        }
    }
}
