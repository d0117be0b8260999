import type { Metadata } from 'next';
import { providedListPage } from '../_components/provided-list-page';

export const metadata: Metadata = { title: 'Plans' };

export default providedListPage('plan');
