import { notFound } from 'next/navigation';

/** An address no page of the area matches: answered by the area's not-found page, inside its layout. */
export default function Missing() {
  notFound();
}
