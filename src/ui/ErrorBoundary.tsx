// Keeps a failure in one part of the page from blanking the whole editor: the part shows what
// went wrong and can be redrawn; the document lives in the store and is not affected.
import { Component, type ReactNode } from 'react';

interface Props {
  what: string;
  children: ReactNode;
}
interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="crashed" role="alert">
        <strong>The {this.props.what} failed to draw.</strong>
        <span>{this.state.error.message}</span>
        <span className="fine">Your image, mask and history are safe.</span>
        <button type="button" className="btn btn-primary" onClick={() => this.setState({ error: null })}>
          Redraw
        </button>
      </div>
    );
  }
}
