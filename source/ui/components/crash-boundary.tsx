import {Text} from 'ink';
import {Component, type ReactNode} from 'react';

/**
 * Catches a failure while drawing a screen, so the person sees a short line instead of
 * Ink's stack trace; `onCrash` logs the detail and ends the app.
 */
export class CrashBoundary extends Component<{children: ReactNode; onCrash(error: Error): void}, {crashed: boolean}> {
	override state = {crashed: false};

	static getDerivedStateFromError(): {crashed: boolean} {
		return {crashed: true};
	}

	override componentDidCatch(error: Error): void {
		this.props.onCrash(error);
	}

	override render(): ReactNode {
		return this.state.crashed ? <Text>The app stopped on an unexpected error; writing the details to the log…</Text> : this.props.children;
	}
}
