// Whether the page may be left without asking: a flow that has put the work somewhere safe
// (a job sent back to the server) says so before it navigates away.
let allowed = false;

export function allowLeaving(): void {
  allowed = true;
}

export const leavingAllowed = () => allowed;
