// The review queue page (review.html, served at /review): its own small store, no editor, no
// inference worker. A token kept from earlier in this tab opens the queue straight away.
import { createRoot } from 'react-dom/client';
import '../styles.css';
import './review.css';
import { queueStore } from './review-context.ts';
import { ReviewPage } from './ReviewPage.tsx';
import { savedToken } from './reviewer-token.ts';

const token = savedToken();
if (token) void queueStore.getState().signIn(token);
createRoot(document.getElementById('root')!).render(<ReviewPage />);
