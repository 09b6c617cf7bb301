import {allowedItems, withConversion} from '../browser/transfer-plan.js';
import type {BrowserView} from '../hooks/use-browser.js';
import type {OutputLine} from '../actions/action.js';
import type {RemoteSession} from '../services.js';
import {TransferQueueScreen} from './transfer-queue.js';
import {ValidatingScreen} from './validating.js';
import {ValidationReportScreen} from './validation-report.js';

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A check-then-transfer run, step by step: checking, the report (when a file has problems,
 * or when only checking), then the queue. `onEnd` gets the lines the browser shows after it.
 */
export function TransferFlow({view, session, onView, onSay, onEnd}: {
	view: Exclude<BrowserView, {name: 'browse'}>;
	session: RemoteSession | undefined;
	onView(view: BrowserView): void;
	/** A line for the browser's status, kept when the run ends. */
	onSay(lines: string[]): void;
	onEnd(lines: OutputLine[]): void;
}) {
	const {plan} = view;
	switch (view.name) {
		case 'validating': {
			return (
				<ValidatingScreen
					plan={plan}
					onFinished={reports => {
						if (plan.checkOnly || reports.some(report => report.fatal !== undefined || report.errors.length > 0)) {
							onView({name: 'report', plan, reports});
							return;
						}

						onView({name: 'queue', plan});
					}}
					onCancelled={() => {
						onEnd([{text: 'Check cancelled; nothing was sent.', tone: 'muted'}]);
					}}
				/>
			);
		}

		case 'report': {
			return (
				<ValidationReportScreen
					reports={view.reports}
					checkOnly={plan.checkOnly ?? false}
					onClose={() => {
						onEnd([{text: plan.checkOnly ? 'Check finished; nothing was sent.' : 'Upload cancelled; nothing was sent.', tone: 'muted'}]);
					}}
					onReports={reports => {
						onView({...view, reports});
					}}
					onConverted={conversion => {
						const next = withConversion(plan, view.reports, conversion);
						onSay([`Converted ${conversion.csvPath.split(/[\\/]/).pop() ?? conversion.csvPath} to ${conversion.path}: ${conversion.records} records, ${conversion.repairs} repairs.${plan.checkOnly ? '' : ' The JSONL will be uploaded instead of the CSV.'}`]);
						onView({name: 'report', plan: next.plan, reports: next.reports});
					}}
					onProceed={overrides => {
						const items = allowedItems(plan, view.reports, overrides);
						const refused = plan.items.length - items.length;
						if (items.length === 0) {
							onEnd([{text: `Nothing uploaded: ${refused === 1 ? '1 file has' : `${refused} files have`} errors. Fix them, or press o on the report to send one anyway.`, tone: 'error'}]);
							return;
						}

						onView({name: 'queue', plan: {...plan, items, leftOut: refused}});
					}}
				/>
			);
		}

		case 'queue': {
			if (!session) {
				return null;
			}

			return (
				<TransferQueueScreen
					plan={plan}
					session={session}
					onDone={summary => {
						const leftOut = plan.leftOut ? [{text: `${plural(plan.leftOut, 'file')} with errors left out.`, tone: 'muted' as const}] : [];
						onEnd([...summary, ...leftOut]);
					}}
				/>
			);
		}
	}
}
