import { echoRequest } from '@/lib/demo/echo';

export {
  echoRequest as GET,
  echoRequest as POST,
  echoRequest as PUT,
  echoRequest as PATCH,
  echoRequest as DELETE,
  echoRequest as OPTIONS,
};
