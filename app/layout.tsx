import type { Metadata } from 'next';
import { Toaster } from 'sonner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Portico', template: '%s · Portico' },
  description: 'API management console, developer portal and gateway',
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        {/* Bottom right, above the console's Create button: clear of the header's menus and every control. */}
        <Toaster position="bottom-right" offset={{ bottom: 96, right: 24 }} richColors closeButton />
      </body>
    </html>
  );
}
