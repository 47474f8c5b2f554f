import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** The Secret (in the monitoring namespace) holding every receiver's credential, one key each. */
export const RECEIVER_SECRET = 'alertmanager-receivers';
/** Where the operator mounts it in Alertmanager (`alertmanagerSpec.secrets`). */
const RECEIVER_FILES = `/etc/alertmanager/secrets/${RECEIVER_SECRET}`;

/** The receiver every alert reaches that no route sends elsewhere: it sends nothing. */
export const NULL_RECEIVER = 'null';

/** What every alert receiver has. */
export interface AlertReceiverOptions {
  /**
   * The alert severities (the `severity` label, e.g. `critical`, `warning`) routed to this receiver.
   * @default every alert
   */
  readonly severities?: readonly string[];
}

/** Options of {@link AlertReceiver.slack}. */
export interface SlackReceiverOptions extends AlertReceiverOptions {
  /**
   * The receiver's name in Alertmanager's configuration, unique among the receivers; it also names the receiver's
   * key in the mounted credentials Secret (`<name>-webhook-url`).
   * @default 'slack'
   */
  readonly name?: string;
  /** The Slack channel the alerts are posted to, e.g. `#alerts`. */
  readonly channel: string;
  /** The Secrets Manager secret whose value is the incoming webhook's URL. */
  readonly webhookUrl: secretsmanager.ISecret;
}

/** Options of {@link AlertReceiver.pagerDuty}. */
export interface PagerDutyReceiverOptions extends AlertReceiverOptions {
  /**
   * The receiver's name in Alertmanager's configuration, unique among the receivers; it also names the receiver's
   * key in the mounted credentials Secret (`<name>-routing-key`).
   * @default 'pagerduty'
   */
  readonly name?: string;
  /** The Secrets Manager secret whose value is the routing key of the PagerDuty integration (Events API v2). */
  readonly routingKey: secretsmanager.ISecret;
}

/** Options of {@link AlertReceiver.email}. */
export interface EmailReceiverOptions extends AlertReceiverOptions {
  /**
   * The receiver's name in Alertmanager's configuration, unique among the receivers; it also names the receiver's
   * key in the mounted credentials Secret (`<name>-smtp-password`).
   * @default 'email'
   */
  readonly name?: string;
  /** The address the alerts are sent to. */
  readonly to: string;
  /** The sender's address: one the SMTP relay lets this user send from (for Amazon SES, a verified identity). */
  readonly from: string;
  /** The SMTP relay, `host:port`, e.g. `email-smtp.eu-west-1.amazonaws.com:587`; the connection must use TLS. */
  readonly smarthost: string;
  /** The SMTP user name. */
  readonly username: string;
  /** The Secrets Manager secret whose value is the SMTP password, stored without a trailing newline. */
  readonly password: secretsmanager.ISecret;
}

/** Where Alertmanager sends alerts. Every credential comes from AWS Secrets Manager into a mounted file. */
export class AlertReceiver {
  /** A Slack channel through an incoming webhook, whose URL is the secret. */
  static slack(options: SlackReceiverOptions): AlertReceiver {
    const credential = receiverCredential(options.name ?? 'slack', 'webhook-url', options.webhookUrl);
    const slack = { api_url_file: credential.file, channel: options.channel, send_resolved: true };
    return new AlertReceiver(credential.name, options.severities, credential.secrets, { slack_configs: [slack] });
  }

  /** PagerDuty (Events API v2), whose integration routing key is the secret. */
  static pagerDuty(options: PagerDutyReceiverOptions): AlertReceiver {
    const credential = receiverCredential(options.name ?? 'pagerduty', 'routing-key', options.routingKey);
    const pagerDuty = { routing_key_file: credential.file, send_resolved: true };
    return new AlertReceiver(credential.name, options.severities, credential.secrets, {
      pagerduty_configs: [pagerDuty],
    });
  }

  /** Email through an SMTP relay (e.g. Amazon SES); the SMTP password is the secret (stored without a trailing newline). */
  static email(options: EmailReceiverOptions): AlertReceiver {
    const credential = receiverCredential(options.name ?? 'email', 'smtp-password', options.password);
    const { to, from, smarthost, username } = options;
    const email = { to, from, smarthost, auth_username: username, auth_password_file: credential.file };
    return new AlertReceiver(credential.name, options.severities, credential.secrets, {
      email_configs: [{ ...email, require_tls: true, send_resolved: true }],
    });
  }

  private constructor(
    readonly name: string,
    /** Alert severities routed here. @default every alert */
    readonly severities: readonly string[] | undefined,
    readonly secrets: readonly { readonly key: string; readonly secret: secretsmanager.ISecret }[],
    readonly config: Record<string, unknown>,
  ) {}
}

/** A receiver's one credential: the key `<name>-<what>` of the receivers' Secret, and the file it is mounted as. */
function receiverCredential(name: string, what: string, secret: secretsmanager.ISecret) {
  const key = `${name}-${what}`;
  return { name, secrets: [{ key, secret }], file: `${RECEIVER_FILES}/${key}` };
}
