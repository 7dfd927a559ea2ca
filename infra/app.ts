/** The CDK app (`cdk.json` runs it): one Cairn stack per stage, or per region of a stage, configured by context values. */
import { App } from 'aws-cdk-lib';
import { defineCairnApp } from './cairnApp';

defineCairnApp(new App());
