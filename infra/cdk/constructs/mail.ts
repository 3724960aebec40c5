import { ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';

export interface MailProps {
  readonly config: PipelineConfig;
}

/**
 * The SES identity the pipeline sends from (a domain with Easy DKIM, or one address) and the
 * configuration set every message goes through (TLS required, suppression on bounces and
 * complaints, reputation metrics). The set is the identity's default, so handlers need not name it.
 */
export class Mail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const { config } = props;
    const isAddress = config.sesIdentity.includes('@');

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `${config.resourcePrefix}-mail`,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: isAddress ? ses.Identity.email(config.sesIdentity) : ses.Identity.domain(config.sesIdentity),
      configurationSet: this.configurationSet,
    });

    if (!isAddress) {
      this.identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          description: `DNS CNAME to publish for SES Easy DKIM on ${config.sesIdentity}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
  }

  /** ses:SendEmail and ses:SendRawEmail from this identity through this configuration set only. */
  grantSend(grantee: iam.IGrantable): void {
    this.identity.grantSendEmail(grantee);
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [this.configurationSetArn],
    });
  }
}
