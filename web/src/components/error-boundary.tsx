import { Component, type ErrorInfo, type ReactNode } from 'react';

/** A page that throws while rendering shows its error instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.warn('page failed to render', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="card">
        <h1>This page failed</h1>
        <p className="mono">{this.state.error.message}</p>
        <p>Go to another page or reload; the rest of the console still works.</p>
      </div>
    );
  }
}
