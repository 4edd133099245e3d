// The queue is for reviewers: the page asks for a reviewer token (kept for this tab only).
import { useState } from 'react';
import { useQueue } from './review-context.ts';

export function TokenForm() {
  const signIn = useQueue((s) => s.signIn);
  const problem = useQueue((s) => s.tokenProblem);
  const [token, setToken] = useState('');
  return (
    <form
      className="review-token"
      onSubmit={(e) => {
        e.preventDefault();
        if (token.trim()) void signIn(token);
      }}
    >
      <h1>Review queue</h1>
      <p>Jobs the server flagged for a person wait here. Enter your reviewer token to see them.</p>
      <input
        className="text-input"
        type="password"
        aria-label="Reviewer token"
        autoFocus
        value={token}
        onChange={(e) => setToken(e.target.value)}
        placeholder="reviewer token"
      />
      <button type="submit" disabled={!token.trim()}>
        Open the queue
      </button>
      {problem && (
        <p className="review-problem" role="alert">
          {problem}
        </p>
      )}
      <p className="review-hint">
        Tokens are set on the server: <code>CLEANPLATE_TOKENS=&quot;name:token:reviewer&quot;</code>.
      </p>
    </form>
  );
}
