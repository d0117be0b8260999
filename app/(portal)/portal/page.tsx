export default function PortalHome() {
  return <h1>Home</h1>;
}
