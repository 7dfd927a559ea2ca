import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';

const consoleDir = fileURLToPath(new URL('../../web/console/', import.meta.url));

/**
 * The console's static files, as the local runtime serves them at `/console/`: the page (as
 * `index.html`, without the dev-token placeholder), its bundled script and its style sheets.
 * Built with esbuild at synth into a fresh directory.
 */
export const buildConsole = (): string => {
  const out = mkdtempSync(join(tmpdir(), 'cairn-console-'));
  buildSync({
    entryPoints: [`${consoleDir}main.ts`],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    outfile: join(out, 'console.js'),
    logLevel: 'error',
  });
  const page = readFileSync(`${consoleDir}console.html`, 'utf8').replace(/\s*<!-- cairn-token -->/, '');
  writeFileSync(join(out, 'index.html'), page);
  for (const file of readdirSync(consoleDir).filter((name) => name.endsWith('.css'))) {
    copyFileSync(`${consoleDir}${file}`, join(out, file));
  }
  return out;
};

export interface ConsoleSiteProps {
  /** The REST API's URL (stage included) and the WebSocket API's: written to the site's `config.json`. */
  apiUrl: string;
  webSocketUrl?: string;
  removalPolicy: RemovalPolicy;
}

/**
 * The console as a static site: a private bucket (no public access, TLS only) behind CloudFront,
 * which alone reads it (origin access control), HTTPS only, with security headers. The deployment
 * writes `config.json` beside the page with the stack's API URLs, so the page talks to this stack
 * with the token an operator pastes in (nothing secret is in the files).
 */
export class ConsoleSite extends Construct {
  readonly url: string;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    const distribution = new Distribution(this, 'Distribution', {
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
    });
    new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(buildConsole()),
        Source.jsonData('config.json', {
          apiUrl: props.apiUrl,
          ...(props.webSocketUrl !== undefined && { wsUrl: props.webSocketUrl }),
        }),
      ],
      distribution,
      distributionPaths: ['/*'],
    });
    this.url = `https://${distribution.distributionDomainName}/`;
  }
}
